package paas.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.PlatformException;

import java.util.Map;

/** The one place that turns an exception into an HTTP status and a {@code {id, message}} body. */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    static ApiResponse toResponse(Throwable error, String requestId) {
        return switch (error) {
            case PlatformException.InvalidParams e -> error(HttpResponseStatus.UNPROCESSABLE_ENTITY, "invalid_params", e);
            case PlatformException.NotFound e -> error(HttpResponseStatus.NOT_FOUND, "not_found", e);
            case PlatformException.Conflict e -> error(HttpResponseStatus.CONFLICT, "conflict", e);
            case PlatformException.Forbidden e -> error(HttpResponseStatus.FORBIDDEN, "forbidden", e);
            case PlatformException.ConfirmationRequired e ->
                    error(HttpResponseStatus.UNPROCESSABLE_ENTITY, "confirmation_required", e);
            case PlatformException.Unavailable e -> error(HttpResponseStatus.SERVICE_UNAVAILABLE, "unavailable", e);
            case PlatformException.Unauthorized e -> new ApiResponse(HttpResponseStatus.UNAUTHORIZED,
                    new Views.ErrorView("unauthorized", e.getMessage()),
                    Map.of("WWW-Authenticate", "Basic realm=\"paas\""));
            case PlatformException.TooManyRequests e -> new ApiResponse(HttpResponseStatus.TOO_MANY_REQUESTS,
                    new Views.ErrorView("rate_limit", e.getMessage()),
                    Map.of("Retry-After", Long.toString(e.retryAfterSeconds())));
            case ApiError e -> new ApiResponse(e.status(), new Views.ErrorView(e.id(), e.getMessage()), Map.of());
            default -> {
                log.error("request_id={} unexpected error", requestId, error);
                yield new ApiResponse(HttpResponseStatus.INTERNAL_SERVER_ERROR, new Views.ErrorView("internal_error",
                        "the platform failed to handle this request; the operator can find request_id=" + requestId
                                + " in paasd's log"), Map.of());
            }
        };
    }

    private static ApiResponse error(HttpResponseStatus status, String id, RuntimeException e) {
        return new ApiResponse(status, new Views.ErrorView(id, e.getMessage()), Map.of());
    }
}
