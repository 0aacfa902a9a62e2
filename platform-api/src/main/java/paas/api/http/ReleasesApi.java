package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.deploy.ImageDeploys;
import paas.api.domain.ConfigPatch;
import paas.api.domain.PlatformException;
import paas.api.domain.Release;
import paas.api.dynos.ReleaseOutputLinks;
import paas.api.service.AppService;
import paas.api.service.ConfigService;
import paas.api.service.ReleasePhase;
import paas.api.service.ReleaseService;
import paas.api.store.ListRange;
import paas.api.store.Page;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code /apps/{app}/config-vars} and {@code /apps/{app}/releases}: config changes make releases. */
final class ReleasesApi {
    private final ConfigService config;
    private final ReleaseService releases;
    private final AppService apps;
    /** Null when this API serves no running side (the control plane alone). */
    private final ImageDeploys images;
    /** Null likewise: then no release has an {@code output_stream_url}. */
    private final ReleaseOutputLinks outputs;
    private final Json json;

    ReleasesApi(ConfigService config, ReleaseService releases, AppService apps, ImageDeploys images,
                ReleaseOutputLinks outputs, Json json) {
        this.config = config;
        this.releases = releases;
        this.apps = apps;
        this.images = images;
        this.outputs = outputs;
        this.json = json;
    }

    void register(Endpoints.Builder routes) {
        routes.get("/apps/{app}/config-vars", r -> ApiResponse.ok(config.get(r.caller(), r.param("app")).values()))
                .patch("/apps/{app}/config-vars", this::patchConfig)
                .get("/apps/{app}/releases", this::list)
                .post("/apps/{app}/releases", this::create)
                .get("/apps/{app}/releases/{release}", r -> ApiResponse.ok(view(
                        releases.get(r.caller(), r.param("app"), r.param("release")), app(r))))
                .get("/apps/{app}/releases/{release}/config-vars", r -> ApiResponse.ok(
                        releases.configOf(r.caller(), r.param("app"), r.param("release")).values()));
    }

    private ApiResponse patchConfig(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Map<String, String> changes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (!value.isNull() && !value.isTextual()) {
                throw new PlatformException.InvalidParams("config var " + field.getKey()
                        + " must be a string, or null to remove it");
            }
            changes.put(field.getKey(), value.isNull() ? null : value.textValue());
        }
        ConfigService.Change change = config.patch(r.caller(), r.param("app"), ConfigPatch.of(changes));
        return ApiResponse.ok(change.config().values());
    }

    private ApiResponse list(ApiRequest r) {
        ListRange range = RangeHeader.parse(r.headers().get("Range"), "version", false);
        Page<Release> page = releases.list(r.caller(), r.param("app"), range);
        Views.AppRef app = app(r);
        return Paging.answer(page.items().stream().map(rel -> view(rel, app)).toList(), page, range, "version");
    }

    /** {@code {"release": ID}} rolls back; {@code {"image": NAME}} releases an image on the engine. */
    private ApiResponse create(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("release", "slug", "image", "description"));
        if (body.has("image")) {
            if (images == null) {
                throw new PlatformException.InvalidParams("this API serves no running side, so it cannot deploy images");
            }
            String image = Body.text(body, "image").orElseThrow(() -> new PlatformException.InvalidParams(
                    "field 'image' must be an image name such as team/web:1.4"));
            return ApiResponse.created(view(images.deploy(r.caller(), r.param("app"), image), app(r)));
        }
        if (body.has("slug")) {
            throw new PlatformException.InvalidParams("releasing a slug by id is not supported yet: push with git"
                    + " to make a release, or send {\"release\": VERSION} to roll back");
        }
        String target = Body.textOrNumber(body, "release").orElseThrow(() -> new PlatformException.InvalidParams(
                "field 'release' is required: the id or version of the release to roll back to"));
        return ApiResponse.created(view(releases.rollback(r.caller(), r.param("app"), target), app(r)));
    }

    private Views.AppRef app(ApiRequest r) {
        return Views.AppRef.of(apps.get(r.caller(), r.param("app")));
    }

    /**
     * {@code output_stream_url} links to the release phase's output when the release has a release
     * command, as on Heroku; null without one.
     */
    private Views.ReleaseView view(Release release, Views.AppRef app) {
        boolean phased = outputs != null && release.processTypes().containsKey(ReleasePhase.PROCESS_TYPE);
        return Views.ReleaseView.of(release, app, phased ? outputs.url(release.id()) : null);
    }
}
