package paas.api.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's routes: method plus a path template such as {@code /apps/{app}/releases/{release}}.
 * Immutable once built; matching is by segments, so no pattern can reach across a slash.
 */
public final class Endpoints {

    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request);
    }

    /** @param rateLimited its calls take from the caller's request tokens ({@link ApiRateLimit}) */
    private record Route(HttpMethod method, String[] segments, Handler handler, boolean authenticated,
                         boolean rateLimited) {
    }

    /** A route that matched, with its parameters taken from the path. */
    public record Match(Handler handler, Map<String, String> params, boolean authenticated, boolean rateLimited) {
    }

    private final List<Route> routes;

    private Endpoints(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The route for this method and path.
     *
     * @throws ApiError 404 for an unknown path, 405 when the path exists with other methods
     */
    public Match match(HttpMethod method, String path) {
        String[] segments = split(path);
        boolean pathKnown = false;
        for (Route route : routes) {
            Optional<Map<String, String>> params = bind(route.segments(), segments);
            if (params.isEmpty()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(method)) {
                return new Match(route.handler(), params.get(), route.authenticated(), route.rateLimited());
            }
        }
        if (pathKnown) {
            throw new ApiError(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    method + " is not allowed on " + path + "; see docs/api.md for the methods each path takes");
        }
        throw new ApiError(HttpResponseStatus.NOT_FOUND, "not_found", "no such path: " + path);
    }

    private static Optional<Map<String, String>> bind(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return Optional.empty();
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                String value;
                try {
                    value = URLDecoder.decode(actual[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    // A bad %-escape (e.g. %zz) is the client's error, found before authentication.
                    throw ApiError.badRequest("invalid percent-encoding in the path segment '" + actual[i]
                            + "': encode % as %25");
                }
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                params.put(t.substring(1, t.length() - 1), value);
            } else if (!t.equals(actual[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }

    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        public Builder get(String template, Handler handler) {
            return add(HttpMethod.GET, template, handler, true, true);
        }

        public Builder post(String template, Handler handler) {
            return add(HttpMethod.POST, template, handler, true, true);
        }

        public Builder patch(String template, Handler handler) {
            return add(HttpMethod.PATCH, template, handler, true, true);
        }

        public Builder put(String template, Handler handler) {
            return add(HttpMethod.PUT, template, handler, true, true);
        }

        public Builder delete(String template, Handler handler) {
            return add(HttpMethod.DELETE, template, handler, true, true);
        }

        /** A route that answers without a token; only the health check should need this. */
        public Builder publicGet(String template, Handler handler) {
            return add(HttpMethod.GET, template, handler, false, false);
        }

        /**
         * A route for the platform's own processes (a separate router following routes and sending
         * its log lines): it needs a token but takes none of the rate limit's, which is for API
         * clients; a busy router posts log lines many times a minute.
         */
        public Builder platformGet(String template, Handler handler) {
            return add(HttpMethod.GET, template, handler, true, false);
        }

        /** As {@link #platformGet}, for a POST. */
        public Builder platformPost(String template, Handler handler) {
            return add(HttpMethod.POST, template, handler, true, false);
        }

        private Builder add(HttpMethod method, String template, Handler handler, boolean authenticated,
                            boolean rateLimited) {
            routes.add(new Route(method, split(template), handler, authenticated, rateLimited));
            return this;
        }

        public Endpoints build() {
            return new Endpoints(routes);
        }
    }
}
