package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.dynos.RouteBook;
import paas.logs.LogLine;
import paas.logs.LogRouter;
import paas.logs.Source;
import paas.router.Route;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /router/...}: what routers running as processes of their own ({@code paasd router}) need.
 * They read the route state paasd keeps ({@code GET /router/routes}, a long poll) and hand back
 * their per-request log lines ({@code POST /router/log-lines}). Admin tokens only.
 */
final class RouterApi {
    /** The longest a route poll waits for a change. */
    static final Duration LONG_POLL = Duration.ofSeconds(25);
    static final int MAX_LINES_PER_POST = 5000;

    private final RouteBook routes;
    private final LogRouter logs;
    private final Json json;

    RouterApi(RouteBook routes, LogRouter logs, Json json) {
        this.routes = routes;
        this.logs = logs;
        this.json = json;
    }

    record BackendView(String dyno, String host, int port) {
    }

    record RouteView(String app, List<String> hostnames, List<BackendView> backends, boolean maintenance,
                     Route.Unavailable unavailable, boolean httpsOnly) {
        static RouteView of(Route r) {
            return new RouteView(r.app(), r.hostnames().stream().sorted().toList(),
                    r.backends().stream().map(b -> new BackendView(b.dyno(), b.host(), b.port())).toList(),
                    r.maintenance(), r.unavailable(), r.httpsOnly());
        }
    }

    record RoutesView(String generation, long version, List<RouteView> routes) {
    }

    /** The error body of the API's other refusals: {id, message}. */
    record NotSynced(String id, String message) {
    }

    void register(Endpoints.Builder endpoints) {
        endpoints.platformGet("/router/routes", r -> {
            requireAdmin(r.caller());
            long after = r.query().getOrDefault("after", List.of("0")).stream().findFirst()
                    .filter(v -> v.matches("[0-9]{1,18}")).map(Long::parseLong).orElse(0L);
            // Absent (a router older than generations) compares versions only; anything that is not
            // a generation is none: the router gets the whole snapshot at once.
            String generation = r.query().getOrDefault("generation", List.of()).stream().findFirst()
                    .map(g -> g.matches(RouteBook.GENERATION) ? g : "-").orElse(null);
            Optional<RouteBook.Snapshot> s;
            try {
                s = routes.awaitChange(generation, after, LONG_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s = Optional.empty();
            }
            if (s.isEmpty()) {
                // A 5xx, so a router keeps the routes it has and asks again soon.
                return new ApiResponse(HttpResponseStatus.SERVICE_UNAVAILABLE, new NotSynced("routes_not_synced",
                        "paasd is still reading the store and adopting running dynos; keep the routes you have"
                                + " and ask again"), Map.of("Retry-After", "1"));
            }
            return ApiResponse.ok(new RoutesView(s.get().generation(), s.get().version(),
                    s.get().routes().stream().map(RouteView::of).toList()));
        }).platformPost("/router/log-lines", r -> {
            requireAdmin(r.caller());
            JsonNode lines = json.readObject(r.body()).get("lines");
            if (lines == null || !lines.isArray() || lines.size() > MAX_LINES_PER_POST) {
                throw new PlatformException.InvalidParams("send {\"lines\": [{\"app\", \"time\", \"text\"}]}, at most "
                        + MAX_LINES_PER_POST + " lines per request");
            }
            int accepted = 0;
            for (JsonNode line : lines) {
                try {
                    logs.publish(new LogLine(Instant.parse(line.path("time").asText()), line.path("app").asText(),
                            Source.ROUTER, "router", line.path("text").asText()));
                    accepted++;
                } catch (RuntimeException bad) {
                    // one malformed line does not cost the others
                }
            }
            return ApiResponse.ok(Map.of("accepted", accepted));
        });
    }

    private static void requireAdmin(User caller) {
        if (!caller.admin()) {
            throw new PlatformException.Forbidden("only admin tokens may read routes or write router lines:"
                    + " give `paasd router` an admin's token in PAAS_ROUTER_TOKEN");
        }
    }
}
