package paas.api.http;

import paas.api.addons.AddonTools;
import paas.api.addons.PgStats;
import paas.api.addons.RedisStats;
import paas.api.domain.AddonAttachment;

import java.time.Instant;
import java.util.List;

/**
 * The tools of an app's add-ons (docs/addons.md): {@code GET /apps/{app}/addons/{addon}/info}
 * for pg:info and redis:info.
 */
final class AddonToolsApi {
    private final AddonTools tools;

    AddonToolsApi(AddonTools tools) {
        this.tools = tools;
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
                tools.info(r.caller(), r.param("app"), r.param("addon")))));
    }
}
