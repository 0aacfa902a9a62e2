package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import paas.api.domain.PlatformException;
import paas.api.dynos.DynoInfo;
import paas.api.dynos.DynoService;
import paas.process.Dyno;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /apps/{app}/dynos}: ps, restart, stop, and one-off dynos. */
final class DynosApi {
    private final DynoService dynos;
    private final Json json;
    private final String apiBaseUrl;

    DynosApi(DynoService dynos, Json json, String apiBaseUrl) {
        this.dynos = dynos;
        this.json = json;
        this.apiBaseUrl = apiBaseUrl;
    }

    record ReleaseRef(UUID id, int version) {
    }

    /** Heroku's dyno, field for field, and {@code exit_code} (the last crash's status) of ours. */
    record DynoView(UUID id, String name, String type, String state, String command, String size, ReleaseRef release,
                    Views.AppRef app, Instant createdAt, Instant updatedAt, Integer exitCode, String attachUrl) {
        static DynoView of(DynoInfo info, String attachUrl) {
            Dyno d = info.dyno();
            return new DynoView(info.id(), d.name(), d.type(), d.state().word(), d.command(), d.size(),
                    new ReleaseRef(info.releaseId(), d.release()), new Views.AppRef(info.appId(), info.appName()), d.since(),
                    d.since(), d.exitCode(), attachUrl);
        }
    }

    void register(Endpoints.Builder routes) {
        routes.get("/apps/{app}/dynos", r -> ApiResponse.ok(dynos.list(r.caller(), r.param("app")).stream()
                        .map(d -> DynoView.of(d, null)).toList()))
                .get("/apps/{app}/dynos/{dyno}", r -> ApiResponse.ok(DynoView.of(
                        dynos.get(r.caller(), r.param("app"), r.param("dyno")), null)))
                .delete("/apps/{app}/dynos", r -> {
                    dynos.restart(r.caller(), r.param("app"), null);
                    return accepted();
                })
                .delete("/apps/{app}/dynos/{dyno}", r -> {
                    dynos.restart(r.caller(), r.param("app"), r.param("dyno"));
                    return accepted();
                })
                .post("/apps/{app}/dynos/{dyno}/actions/stop", r -> {
                    dynos.stop(r.caller(), r.param("app"), r.param("dyno"));
                    return accepted();
                })
                .post("/apps/{app}/dynos", this::run);
    }

    private ApiResponse run(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("command", "attach", "env", "size", "tty", "type", "force_no_tty", "time_to_live"));
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = body.get("env");
        if (envNode != null && !envNode.isNull()) {
            if (!envNode.isObject()) {
                throw new PlatformException.InvalidParams("env must be an object of strings: {\"K\": \"V\"}");
            }
            envNode.properties().forEach(e -> {
                if (!e.getValue().isTextual()) {
                    throw new PlatformException.InvalidParams("env value of " + e.getKey() + " must be a string");
                }
                env.put(e.getKey(), e.getValue().asText());
            });
        }
        boolean tty = Body.bool(body, "tty").orElse(false) && !Body.bool(body, "force_no_tty").orElse(false);
        DynoService.OneOff made = dynos.run(r.caller(), r.param("app"), Body.requiredText(body, "command"),
                Body.bool(body, "attach").orElse(true), env, Body.text(body, "size").orElse(null), tty);
        String attachUrl = made.attachSecret() == null ? null : apiBaseUrl + "/run-sessions/" + made.attachSecret();
        return ApiResponse.created(DynoView.of(made.dyno(), attachUrl));
    }

    private static ApiResponse accepted() {
        return new ApiResponse(HttpResponseStatus.ACCEPTED, Map.of(), Map.of());
    }
}
