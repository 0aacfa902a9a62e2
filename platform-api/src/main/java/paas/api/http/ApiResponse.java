package paas.api.http;

import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.Map;

/** What a handler answers: a status, a value to write as JSON, and extra headers. */
public record ApiResponse(HttpResponseStatus status, Object body, Map<String, String> headers) {

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(HttpResponseStatus.OK, body, Map.of());
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(HttpResponseStatus.CREATED, body, Map.of());
    }
}
