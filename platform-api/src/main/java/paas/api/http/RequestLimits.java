package paas.api.http;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;

/** The errors for requests over the API's size limits, each with Heroku's {@code {id, message}} body. */
final class RequestLimits {
    private RequestLimits() {
    }

    static ApiError bodyTooLarge(int maxBytes) {
        return new ApiError(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request_entity_too_large",
                "the request body is larger than the " + maxBytes + " bytes the API takes; send less (large"
                        + " files go through git push or the slug store, not a JSON body)");
    }

    /** Why the HTTP decoder gave up on a request: a line or headers over its limits, or bytes that are not HTTP. */
    static ApiError decoderFailure(Throwable cause) {
        return switch (cause) {
            case TooLongHttpLineException e -> new ApiError(HttpResponseStatus.REQUEST_URI_TOO_LONG,
                    "request_uri_too_long", "the request line is longer than the API takes: " + e.getMessage()
                    + "; shorten the path and query");
            case TooLongHttpHeaderException e -> new ApiError(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "request_header_fields_too_large", "the request headers are larger than the API takes: "
                    + e.getMessage() + "; send fewer or shorter headers");
            case TooLongFrameException e -> new ApiError(HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "the request is larger than the API takes: " + e.getMessage());
            case null, default -> ApiError.badRequest("malformed HTTP request");
        };
    }
}
