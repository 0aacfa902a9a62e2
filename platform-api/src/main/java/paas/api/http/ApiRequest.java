package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import paas.api.domain.User;

import java.util.List;
import java.util.Map;

/**
 * One API request, copied out of Netty's buffers so it can be handled off the event loop.
 * {@code caller} is null only for endpoints that need no token.
 */
public record ApiRequest(HttpMethod method, String path, Map<String, List<String>> query, HttpHeaders headers,
                         byte[] body, String requestId, User caller, Map<String, String> pathParams) {

    public ApiRequest withCaller(User user) {
        return new ApiRequest(method, path, query, headers, body, requestId, user, pathParams);
    }

    public ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, headers, body, requestId, caller, Map.copyOf(params));
    }

    public String param(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no parameter " + name);
        }
        return value;
    }

    /** The body as a JSON object ({@code {}} when empty). */
    public JsonNode json(Json json) {
        return json.readObject(body);
    }
}
