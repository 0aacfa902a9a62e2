package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import paas.api.addons.AddonService;
import paas.api.domain.Addon;
import paas.api.domain.AddonAttachment;
import paas.api.domain.AppRef;
import paas.api.domain.PlatformException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /addons}, {@code /apps/{app}/addons} and {@code /addon-attachments}: managed PostgreSQL
 * and Redis, in the shapes of Heroku's Platform API (docs/addons.md).
 */
final class AddonsApi {
    private final AddonService addons;
    private final Json json;

    AddonsApi(AddonService addons, Json json) {
        this.addons = addons;
        this.json = json;
    }

    record NamedRef(UUID id, String name) {
        static NamedRef of(AppRef app) {
            return new NamedRef(app.id(), app.name().value());
        }
    }

    record AddonRefView(UUID id, String name, NamedRef app) {
    }

    /** Heroku's add-on, and paas's {@code status}: {@code available}, or {@code data_missing} with the fix in {@code status_message}. */
    record AddonView(UUID id, String name, NamedRef addonService, NamedRef plan, NamedRef app, String state,
                     List<String> configVars, Instant createdAt, Instant updatedAt, String providerId, String webUrl,
                     String status, String statusMessage, Instant dataMissingSince) {
        static AddonView of(AddonService.Described d) {
            Addon a = d.addon();
            String plan = a.plan().planName();
            return new AddonView(a.id(), a.name().value(), new NamedRef(stableId(a.kind().serviceName()),
                    a.kind().serviceName()), new NamedRef(stableId(plan), plan), a.owner().map(NamedRef::of).orElse(null),
                    a.state().value(), d.configVars(), a.createdAt(), a.updatedAt(), d.containerId().orElse(null), null,
                    d.status(), d.statusMessage().orElse(null), d.dataMissingSince().orElse(null));
        }
    }

    record AttachmentView(UUID id, String name, AddonRefView addon, NamedRef app, Instant createdAt,
                          Instant updatedAt) {
        static AttachmentView of(AddonAttachment t) {
            return new AttachmentView(t.id(), t.name().value(), new AddonRefView(t.addon().id(),
                    t.addon().name().value(), t.addon().owner().map(NamedRef::of).orElse(null)), NamedRef.of(t.app()),
                    t.createdAt(), t.createdAt());
        }
    }

    /** The same id for a service or plan name every time, as Heroku's catalog ids are fixed. */
    static UUID stableId(String name) {
        return UUID.nameUUIDFromBytes(("paas-addon:" + name).getBytes(StandardCharsets.UTF_8));
    }

    void register(Endpoints.Builder routes) {
        routes.post("/apps/{app}/addons", this::create)
                .get("/apps/{app}/addons", r -> ApiResponse.ok(views(addons.list(r.caller(), Optional.of(r.param("app"))))))
                .get("/addons", r -> ApiResponse.ok(views(addons.list(r.caller(), Optional.empty()))))
                .get("/addons/{addon}", r -> ApiResponse.ok(AddonView.of(
                        addons.get(r.caller(), Optional.empty(), r.param("addon")))))
                .get("/apps/{app}/addons/{addon}", r -> ApiResponse.ok(AddonView.of(
                        addons.get(r.caller(), Optional.of(r.param("app")), r.param("addon")))))
                .delete("/apps/{app}/addons/{addon}", r -> destroy(r, Optional.of(r.param("app"))))
                .delete("/addons/{addon}", r -> destroy(r, Optional.empty()))
                .post("/apps/{app}/addons/{addon}/actions/promote", r -> ApiResponse.ok(AddonView.of(
                        addons.promote(r.caller(), r.param("app"), r.param("addon")))))
                .post("/apps/{app}/addons/{addon}/actions/reprovision", this::reprovision)
                .post("/addon-attachments", this::attach)
                .get("/addon-attachments", r -> ApiResponse.ok(attachmentViews(
                        addons.attachments(r.caller(), Optional.empty()))))
                .get("/apps/{app}/addon-attachments", r -> ApiResponse.ok(attachmentViews(
                        addons.attachments(r.caller(), Optional.of(r.param("app"))))))
                .get("/addon-attachments/{attachment}", r -> ApiResponse.ok(AttachmentView.of(
                        addons.attachment(r.caller(), r.param("attachment")))))
                .delete("/addon-attachments/{attachment}", r -> ApiResponse.ok(AttachmentView.of(
                        addons.detach(r.caller(), r.param("attachment")))));
    }

    private ApiResponse create(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("plan", "attachment", "name"));
        Optional<String> attachAs = Optional.empty();
        JsonNode attachment = body.get("attachment");
        if (attachment != null && !attachment.isNull()) {
            if (!(attachment instanceof ObjectNode object)) {
                throw new PlatformException.InvalidParams("field 'attachment' must be an object: {\"name\": \"DB\"}");
            }
            Body.onlyFields(object, Set.of("name"));
            attachAs = Body.text(object, "name");
        }
        AddonService.Described created = addons.create(r.caller(), r.param("app"), Body.requiredText(body, "plan"),
                attachAs, Body.text(body, "name"));
        HttpResponseStatus status = created.addon().state() == Addon.State.PROVISIONED ? HttpResponseStatus.CREATED
                : HttpResponseStatus.ACCEPTED;
        return new ApiResponse(status, AddonView.of(created), Map.of());
    }

    private ApiResponse destroy(ApiRequest r, Optional<String> app) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("force"));
        return ApiResponse.ok(AddonView.of(addons.destroy(r.caller(), app, r.param("addon"),
                Body.bool(body, "force").orElse(false))));
    }

    private ApiResponse reprovision(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("confirm"));
        return ApiResponse.ok(AddonView.of(addons.reprovision(r.caller(), r.param("app"), r.param("addon"),
                Body.text(body, "confirm"))));
    }

    private ApiResponse attach(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("addon", "app", "name"));
        return ApiResponse.created(AttachmentView.of(addons.attach(r.caller(), Body.requiredText(body, "addon"),
                Body.requiredText(body, "app"), Body.text(body, "name"))));
    }

    private static List<AddonView> views(List<AddonService.Described> described) {
        return described.stream().map(AddonView::of).toList();
    }

    private static List<AttachmentView> attachmentViews(List<AddonAttachment> attachments) {
        return attachments.stream().map(AttachmentView::of).toList();
    }
}
