package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import paas.api.domain.Authenticated;
import paas.api.domain.User;

import java.util.List;
import java.util.Map;

/**
 * One API request, copied out of Netty's buffers so it can be handled off the event loop.
 * {@code identity} (the caller and the token they used) is null only for endpoints that need no token.
 */
public record ApiRequest(HttpMethod method, String path, Map<String, List<String>> query, HttpHeaders headers,
                         byte[] body, String requestId, Authenticated identity, Map<String, String> pathParams) {

    public ApiRequest withIdentity(Authenticated who) {
        return new ApiRequest(method, path, query, headers, body, requestId, who, pathParams);
    }

    public ApiRequest withPathParams(Map<String, String> params) {
        return new ApiRequest(method, path, query, headers, body, requestId, identity, Map.copyOf(params));
    }

    /** Who is calling; null only for endpoints that need no token. */
    public User caller() {
        return identity == null ? null : identity.user();
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
