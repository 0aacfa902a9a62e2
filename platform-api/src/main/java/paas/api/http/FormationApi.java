package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.FormationEntry;
import paas.api.domain.FormationUpdate;
import paas.api.domain.PlatformException;
import paas.api.domain.ProcessType;
import paas.api.service.AppService;
import paas.api.service.FormationService;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /apps/{app}/formation}: read and batch-update quantities and sizes. */
final class FormationApi {
    private static final Set<String> UPDATE_FIELDS = Set.of("type", "quantity", "size");
    private final FormationService formation;
    private final AppService apps;
    private final Json json;

    FormationApi(FormationService formation, AppService apps, Json json) {
        this.formation = formation;
        this.apps = apps;
        this.json = json;
    }

    void register(Endpoints.Builder routes) {
        routes.get("/apps/{app}/formation", r -> ApiResponse.ok(views(formation.list(r.caller(), r.param("app")), app(r))))
                .patch("/apps/{app}/formation", this::batch)
                .get("/apps/{app}/formation/{type}", r -> ApiResponse.ok(Views.FormationView.of(
                        formation.get(r.caller(), r.param("app"), r.param("type")), app(r))))
                .patch("/apps/{app}/formation/{type}", this::single);
    }

    private ApiResponse batch(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("updates"));
        JsonNode updates = body.get("updates");
        if (updates == null || !updates.isArray()) {
            throw new PlatformException.InvalidParams("field 'updates' must be a list:"
                    + " {\"updates\":[{\"type\":\"web\",\"quantity\":2,\"size\":\"standard-1x\"}]}");
        }
        List<FormationUpdate> parsed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode u : updates) {
            if (!(u instanceof ObjectNode update)) {
                throw new PlatformException.InvalidParams("each formation update must be an object with type, quantity, size");
            }
            Body.onlyFields(update, UPDATE_FIELDS);
            FormationUpdate fu = parse(update, Body.requiredText(update, "type"));
            if (!seen.add(fu.type().value())) {
                throw new PlatformException.InvalidParams("process type " + fu.type() + " appears twice in one update");
            }
            parsed.add(fu);
        }
        return ApiResponse.ok(views(formation.update(r.caller(), r.param("app"), parsed), app(r)));
    }

    private ApiResponse single(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, UPDATE_FIELDS);
        String type = r.param("type");
        List<FormationEntry> after = formation.update(r.caller(), r.param("app"), List.of(parse(body, type)));
        return ApiResponse.ok(after.stream().filter(e -> e.type().value().equals(type))
                .map(e -> Views.FormationView.of(e, app(r))).findFirst().orElseThrow());
    }

    private static FormationUpdate parse(ObjectNode update, String type) {
        return new FormationUpdate(new ProcessType(type), quantity(update).orElse(null),
                Body.text(update, "size").orElse(null));
    }

    /** A whole number, or a string of digits ({@code "2"}) as Heroku's clients send it and Heroku accepts. */
    static Optional<Integer> quantity(ObjectNode update) {
        JsonNode node = update.get("quantity");
        if (node != null && node.isTextual()) {
            String text = node.textValue().strip();
            if (!text.matches("[0-9]{1,9}")) {
                throw new PlatformException.InvalidParams("field 'quantity' must be a whole number such as 2 (or \"2\")");
            }
            return Optional.of(Integer.parseInt(text));
        }
        return Body.integer(update, "quantity");
    }

    private Views.AppRef app(ApiRequest r) {
        return Views.AppRef.of(apps.get(r.caller(), r.param("app")));
    }

    private static List<Views.FormationView> views(List<FormationEntry> entries, Views.AppRef app) {
        return entries.stream().map(e -> Views.FormationView.of(e, app)).toList();
    }
}
