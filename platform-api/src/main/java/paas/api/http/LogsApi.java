package paas.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.LogDrain;
import paas.api.dynos.LogSessionService;
import paas.api.service.DrainService;
import paas.logs.TailRequest;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** {@code /apps/{app}/log-sessions} and {@code /apps/{app}/log-drains}. */
final class LogsApi {
    private final LogSessionService sessions;
    private final DrainService drains;
    private final Json json;
    private final String apiBaseUrl;

    /** {@code sessions} null: no log streams here (a control plane without the running side), drains only. */
    LogsApi(LogSessionService sessions, DrainService drains, Json json, String apiBaseUrl) {
        this.sessions = sessions;
        this.drains = drains;
        this.json = json;
        this.apiBaseUrl = apiBaseUrl;
    }

    record LogSessionView(String id, String logplexUrl, Instant createdAt, Instant updatedAt) {
    }

    record DrainView(UUID id, String url, String token, Instant createdAt, Instant updatedAt) {
        static DrainView of(LogDrain d) {
            return new DrainView(d.id(), d.url(), d.token(), d.createdAt(), d.createdAt());
        }
    }

    void register(Endpoints.Builder routes) {
        if (sessions != null) {
            routes.post("/apps/{app}/log-sessions", this::createSession);
        }
        routes.get("/apps/{app}/log-drains", r -> ApiResponse.ok(drains.list(r.caller(), r.param("app")).stream()
                        .map(DrainView::of).toList()))
                .post("/apps/{app}/log-drains", r -> {
                    ObjectNode body = json.readObject(r.body());
                    Body.onlyFields(body, Set.of("url"));
                    return ApiResponse.created(DrainView.of(drains.add(r.caller(), r.param("app"),
                            Body.requiredText(body, "url"))));
                })
                .delete("/apps/{app}/log-drains/{drain}", r -> ApiResponse.ok(DrainView.of(
                        drains.remove(r.caller(), r.param("app"), r.param("drain")))));
    }

    private ApiResponse createSession(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("lines", "tail", "source", "dyno"));
        int lines = Body.integer(body, "lines").orElse(TailRequest.DEFAULT_LINES);
        String secret = sessions.create(r.caller(), r.param("app"), lines, Body.bool(body, "tail").orElse(false),
                Body.text(body, "source").orElse(null), Body.text(body, "dyno").orElse(null));
        Instant now = Instant.now();
        return ApiResponse.created(new LogSessionView(UUID.randomUUID().toString(),
                apiBaseUrl + "/log-sessions/" + secret, now, now));
    }
}
