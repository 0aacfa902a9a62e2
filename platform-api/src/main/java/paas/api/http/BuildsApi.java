package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import paas.api.domain.Build;
import paas.api.domain.PlatformException;
import paas.api.domain.SlugRecord;
import paas.api.service.BuildService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** {@code /apps/{app}/builds}, {@code /apps/{app}/slugs} and {@code /apps/{app}/buildpack-installations}. */
final class BuildsApi {
    private final BuildService builds;
    private final Json json;

    BuildsApi(BuildService builds, Json json) {
        this.builds = builds;
        this.json = json;
    }

    record SourceBlob(String version) {
    }

    record BuildView(UUID id, String status, Instant createdAt, Instant updatedAt, SourceBlob sourceBlob,
                     Views.Ref slug, Views.Ref release, Views.UserRef user, String outputStreamUrl) {
        static BuildView of(Build b) {
            return new BuildView(b.id(), b.status().name().toLowerCase(), b.createdAt(), b.updatedAt(),
                    new SourceBlob(b.commit()), b.slugId() == null ? null : new Views.Ref(b.slugId()),
                    b.releaseId() == null ? null : new Views.Ref(b.releaseId()), Views.UserRef.of(b.user()), null);
        }
    }

    record BuildOutputView(UUID id, String status, String output) {
    }

    record SlugView(UUID id, String checksum, long size, Map<String, String> processTypes, String commit,
                    String buildpackProvidedDescription, Views.Stack stack, Instant createdAt) {
        static SlugView of(SlugRecord s) {
            return new SlugView(s.id(), "SHA256:" + s.sha256(), s.sizeBytes(), s.processTypes(), s.commit(),
                    s.buildpack(), new Views.Stack(s.stack()), s.createdAt());
        }
    }

    record BuildpackInstallation(int ordinal, Buildpack buildpack) {
    }

    record Buildpack(String url, String name) {
    }

    void register(Endpoints.Builder routes) {
        routes.get("/apps/{app}/builds", r -> ApiResponse.ok(builds.list(r.caller(), r.param("app")).stream()
                        .map(BuildView::of).toList()))
                .get("/apps/{app}/builds/{build}", r -> ApiResponse.ok(BuildView.of(
                        builds.get(r.caller(), r.param("app"), r.param("build")))))
                .get("/apps/{app}/builds/{build}/output", this::output)
                .get("/apps/{app}/slugs/{slug}", r -> ApiResponse.ok(SlugView.of(
                        builds.slug(r.caller(), r.param("app"), r.param("slug")))))
                .get("/apps/{app}/buildpack-installations", r -> ApiResponse.ok(installations(
                        builds.buildpacks(r.caller(), r.param("app")))))
                .put("/apps/{app}/buildpack-installations", this::setBuildpacks);
    }

    private ApiResponse output(ApiRequest r) {
        Build build = builds.get(r.caller(), r.param("app"), r.param("build"));
        return ApiResponse.ok(new BuildOutputView(build.id(), build.status().name().toLowerCase(),
                builds.output(r.caller(), r.param("app"), r.param("build"))));
    }

    /** Heroku's shape: {@code {"updates":[{"buildpack":"nodejs"}]}}; an empty list clears. */
    private ApiResponse setBuildpacks(ApiRequest r) {
        ObjectNode body = json.readObject(r.body());
        Body.onlyFields(body, Set.of("updates"));
        JsonNode updates = body.get("updates");
        if (updates == null || !updates.isArray()) {
            throw new PlatformException.InvalidParams("field 'updates' must be a list: {\"updates\":[{\"buildpack\":\"nodejs\"}]}");
        }
        List<String> chosen = new ArrayList<>();
        for (JsonNode u : updates) {
            if (!(u instanceof ObjectNode update)) {
                throw new PlatformException.InvalidParams("each update must be an object with a buildpack");
            }
            Body.onlyFields(update, Set.of("buildpack"));
            chosen.add(Body.requiredText(update, "buildpack"));
        }
        return ApiResponse.ok(installations(builds.setBuildpacks(r.caller(), r.param("app"), chosen)));
    }

    /** Heroku numbers the installations from 0, in the order the buildpacks run. */
    private static List<BuildpackInstallation> installations(List<String> buildpacks) {
        List<BuildpackInstallation> out = new ArrayList<>();
        for (int i = 0; i < buildpacks.size(); i++) {
            out.add(new BuildpackInstallation(i, new Buildpack(buildpacks.get(i), buildpacks.get(i))));
        }
        return out;
    }
}
