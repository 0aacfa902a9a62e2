package paas.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** An error the HTTP layer itself raises (bad JSON, unknown path); the body is {@code {id, message}}. */
public final class ApiError extends RuntimeException {
    private final HttpResponseStatus status;
    private final String id;

    public ApiError(HttpResponseStatus status, String id, String message) {
        super(message, null, false, false);
        this.status = status;
        this.id = id;
    }

    public static ApiError badRequest(String message) {
        return new ApiError(HttpResponseStatus.BAD_REQUEST, "bad_request", message);
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String id() {
        return id;
    }
}
