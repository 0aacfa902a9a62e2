package paas.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.App;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.service.AppService;
import paas.api.service.BuildService;
import paas.api.service.ReleaseService;
import paas.api.store.ListRange;
import paas.api.store.Page;

import java.util.Set;

/** {@code /apps} (also as {@code /users/~/apps}): create, list, info, update, destroy. */
final class AppsApi {
    /** The newest releases looked at to find the current one (a run of failed releases longer than this is rare). */
    private static final ListRange RECENT_RELEASES = new ListRange(null, false, 20, true);
    private final AppService apps;
    private final ReleaseService releases;
    private final BuildService builds;
    private final Json json;
    private final String gitBaseUrl;
    private final String webUrlTemplate;

    /**
     * @param gitBaseUrl     where app repositories are served, e.g. {@code http://localhost:5000}
     * @param webUrlTemplate the app's web URL with {@code %s} for its default hostname
     */
    AppsApi(AppService apps, ReleaseService releases, BuildService builds, Json json, String gitBaseUrl,
            String webUrlTemplate) {
        this.apps = apps;
        this.releases = releases;
        this.builds = builds;
        this.json = json;
        this.gitBaseUrl = gitBaseUrl;
        this.webUrlTemplate = webUrlTemplate;
    }

    void register(Endpoints.Builder routes) {
        routes.post("/apps", this::create)
                .get("/apps", this::list)
                .get("/users/~/apps", this::list)
                .get("/apps/{app}", r -> ApiResponse.ok(info(r.caller(), apps.get(r.caller(), r.param("app")))))
                .patch("/apps/{app}", this::update)
                .delete("/apps/{app}", r -> ApiResponse.ok(view(apps.destroy(r.caller(), r.param("app")))));
    }

    private ApiResponse create(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("name", "region", "stack"));
        return ApiResponse.created(view(apps.create(r.caller(), Body.text(body, "name"))));
    }

    private ApiResponse list(ApiRequest r) {
        ListRange range = RangeHeader.parse(r.headers().get("Range"), "name", false);
        Page<App> page = apps.list(r.caller(), range);
        return Paging.answer(page.items().stream().map(this::view).toList(), page, range, "name");
    }

    private ApiResponse update(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("name", "maintenance", "build_stack"));
        return ApiResponse.ok(view(apps.update(r.caller(), r.param("app"), Body.text(body, "name"),
                Body.bool(body, "maintenance"), Body.text(body, "build_stack"))));
    }

    /** One app's info, with the size of the slug it runs (a list leaves it null, to stay one query). */
    private Views.AppView info(User caller, App app) {
        String id = app.id().toString();
        Long slugSize = releases.list(caller, id, RECENT_RELEASES).items().stream()
                .filter(Release::current).findFirst().map(Release::slugId)
                .map(slug -> builds.slug(caller, id, slug.toString()).sizeBytes()).orElse(null);
        return view(app, slugSize);
    }

    Views.AppView view(App app) {
        return view(app, null);
    }

    private Views.AppView view(App app, Long slugSize) {
        String name = app.name().value();
        return new Views.AppView(app.id(), name, app.createdAt(), app.updatedAt(), app.releasedAt(),
                gitBaseUrl + "/" + name + ".git", webUrlTemplate.formatted(apps.defaultHostname(app.name())),
                app.maintenance(), Views.UserRef.of(app.owner()), new Views.Stack(app.stack()), new Views.Stack(app.stack()),
                Views.Region.LOCAL, slugSize, null, app.acm());
    }
}
