package paas.api.http;

import paas.api.addons.AddonTools;
import paas.api.addons.PgStats;
import paas.api.addons.RedisStats;
import paas.api.domain.AddonAttachment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.PlatformException;
import paas.process.addons.ExecTerminal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tools of an app's add-ons (docs/addons.md): {@code GET /apps/{app}/addons/{addon}/info}
 * (pg:info, redis:info), {@code POST .../sessions} (pg:psql, redis:cli: an {@code attach_url} of
 * the one-off dyno protocol) and {@code POST .../actions/reset} (pg:reset).
 */
final class AddonToolsApi {
    private final AddonTools tools;
    private final Json json;
    /** Where attach_url points; null when this API serves no streams (then there are no sessions). */
    private final String apiBaseUrl;

    AddonToolsApi(AddonTools tools, Json json, String apiBaseUrl) {
        this.tools = tools;
        this.json = json;
        this.apiBaseUrl = apiBaseUrl;
    }

    record SessionView(Ref addon, String attachUrl) {
    }

    record ResetView(Ref addon) {
    }

    record Ref(String id, String name) {
    }

    record PostgresqlView(String version, int connections, int maxConnections, long dataSizeBytes, int tables) {
        static PostgresqlView of(PgStats s) {
            return new PostgresqlView(s.version(), s.connections(), s.maxConnections(), s.dataSizeBytes(), s.tables());
        }
    }

    record RedisView(String version, long usedMemoryBytes, long maxMemoryBytes, String maxMemoryPolicy, int clients,
                     int maxClients, String persistence, long keys) {
        static RedisView of(RedisStats s) {
            return new RedisView(s.version(), s.usedMemoryBytes(), s.maxMemoryBytes(), s.maxMemoryPolicy(), s.clients(),
                    s.maxClients(), s.appendOnly() ? "aof" : "none", s.keys());
        }
    }

    /** One of {@code postgresql} and {@code redis} is set, after the add-on's kind. */
    record InfoView(Ref addon, Ref addonService, Ref plan, Ref app, String state, List<String> configVars,
                    Instant createdAt, PostgresqlView postgresql, RedisView redis) {
        static InfoView of(AddonTools.Info info) {
            var a = info.addon();
            List<String> vars = info.attachments().stream().map(t -> t.configKey().value())
                    .distinct().toList();
            Ref owner = a.owner().map(o -> new Ref(o.id().toString(), o.name().value())).orElse(null);
            return new InfoView(new Ref(a.id().toString(), a.name().value()),
                    new Ref(AddonsApi.stableId(a.kind().serviceName()).toString(), a.kind().serviceName()),
                    new Ref(AddonsApi.stableId(a.plan().planName()).toString(), a.plan().planName()), owner,
                    a.state().value(), vars, a.createdAt(),
                    info instanceof AddonTools.PgInfo pg ? PostgresqlView.of(pg.stats()) : null,
                    info instanceof AddonTools.RedisInfo redis ? RedisView.of(redis.stats()) : null);
        }
    }

    void register(Endpoints.Builder routes) {
        routes.get("/apps/{app}/addons/{addon}/info", r -> ApiResponse.ok(InfoView.of(
                        tools.info(r.caller(), r.param("app"), r.param("addon")))))
                .post("/apps/{app}/addons/{addon}/actions/reset", this::reset);
        if (apiBaseUrl != null) {
            routes.post("/apps/{app}/addons/{addon}/sessions", this::session);
        }
    }

    private ApiResponse session(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("command", "tty", "term", "rows", "columns"));
        Optional<ExecTerminal> terminal = Optional.empty();
        if (Body.bool(body, "tty").orElse(false)) {
            try {
                terminal = Optional.of(new ExecTerminal(Body.text(body, "term").orElse("xterm"),
                        Body.integer(body, "rows").orElse(0), Body.integer(body, "columns").orElse(0)));
            } catch (IllegalArgumentException e) {
                throw new PlatformException.InvalidParams(e.getMessage());
            }
        }
        AddonTools.Session session = tools.session(r.caller(), r.param("app"), r.param("addon"),
                Body.text(body, "command"), terminal);
        return ApiResponse.created(new SessionView(new Ref(session.addon().id().toString(),
                session.addon().name().value()), apiBaseUrl + "/run-sessions/" + session.secret()));
    }

    private ApiResponse reset(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("confirm"));
        var addon = tools.reset(r.caller(), r.param("app"), r.param("addon"), Body.text(body, "confirm"));
        return ApiResponse.ok(new ResetView(new Ref(addon.id().toString(), addon.name().value())));
    }
}
