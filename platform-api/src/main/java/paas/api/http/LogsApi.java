package paas.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.LogDrain;
import paas.api.domain.PlatformException;
import paas.api.dynos.LogSessionService;
import paas.api.service.DrainService;
import paas.logs.TailRequest;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
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

    /**
     * Heroku's fields: {@code dyno_name} (one dyno), {@code type} (a process type), and the older
     * {@code dyno} (either); one filter, so two that disagree are refused.
     */
    private ApiResponse createSession(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("lines", "tail", "source", "dyno", "dyno_name", "type"));
        int lines = Body.integer(body, "lines").orElse(TailRequest.DEFAULT_LINES);
        Set<String> filters = new LinkedHashSet<>();
        for (String field : List.of("dyno_name", "type", "dyno")) {
            Body.text(body, field).ifPresent(filters::add);
        }
        if (filters.size() > 1) {
            throw new PlatformException.InvalidParams("give one of 'dyno_name' (web.1), 'type' (web) or 'dyno':"
                    + " a log session follows one dyno or one process type");
        }
        // The stream is tied to the token this request came with: its revocation ends the stream.
        String secret = sessions.create(r.identity(), r.param("app"), lines, Body.bool(body, "tail").orElse(false),
                Body.text(body, "source").orElse(null), filters.stream().findFirst().orElse(null));
        Instant now = Instant.now();
        return ApiResponse.created(new LogSessionView(UUID.randomUUID().toString(),
                apiBaseUrl + "/log-sessions/" + secret, now, now));
    }
}
