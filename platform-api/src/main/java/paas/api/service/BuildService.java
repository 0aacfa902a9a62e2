package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.Build;
import paas.api.domain.PlatformException;
import paas.api.domain.SlugRecord;
import paas.api.domain.User;
import paas.api.store.BuildStore;
import paas.api.store.Database;
import paas.builder.BuildFailedException;
import paas.builder.buildpack.BuildpackCatalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reading builds, slugs and choosing an app's buildpacks. Thread-safe. */
public final class BuildService {
    private static final int MAX_BUILDPACKS = 8;

    private final Database db;
    private final BuildStore builds;
    private final AppGuard guard;
    private final BuildpackCatalog catalog;

    public BuildService(Database db, BuildStore builds, AppGuard guard, BuildpackCatalog catalog) {
        this.db = db;
        this.builds = builds;
        this.guard = guard;
        this.catalog = catalog;
    }

    public List<Build> list(User caller, String app) {
        return db.inTransaction(c -> builds.list(c, guard.require(c, caller, app).id()));
    }

    public Build get(User caller, String app, String buildId) {
        return db.inTransaction(c -> require(c, guard.require(c, caller, app), buildId));
    }

    public String output(User caller, String app, String buildId) {
        return db.inTransaction(c -> builds.output(c, require(c, guard.require(c, caller, app), buildId).id()));
    }

    public SlugRecord slug(User caller, String app, String slugId) {
        return db.inTransaction(c -> {
            App found = guard.require(c, caller, app);
            return builds.findSlug(c, found.id(), uuid(slugId, "slug", found))
                    .orElseThrow(() -> new PlatformException.NotFound("slug " + slugId + " of app " + found.name() + " not found"));
        });
    }

    public List<String> buildpacks(User caller, String app) {
        return db.inTransaction(c -> builds.buildpacks(c, guard.require(c, caller, app).id()));
    }

    /** Chooses the buildpacks for the next builds, in order; an empty list means detect. */
    public List<String> setBuildpacks(User caller, String app, List<String> buildpacks) {
        if (buildpacks.size() > MAX_BUILDPACKS) {
            throw new PlatformException.InvalidParams("at most " + MAX_BUILDPACKS + " buildpacks may run in one build");
        }
        List<String> checked = new ArrayList<>();
        for (String b : buildpacks) {
            checked.add(check(b));
        }
        return db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            builds.replaceBuildpacks(c, found.id(), checked);
            return builds.buildpacks(c, found.id());
        });
    }

    /** The builder's rule: a shipped name, a custom one on the host, a path inside a buildpack directory, a git URL. */
    private String check(String buildpack) {
        String b = buildpack == null ? "" : buildpack.strip();
        if (b.length() > 1000) {
            throw new PlatformException.InvalidParams("a buildpack name or URL is at most 1000 characters");
        }
        try {
            catalog.check(b);
        } catch (BuildFailedException e) {
            throw new PlatformException.InvalidParams(e.getMessage());
        }
        return b;
    }

    private Build require(Connection c, App app, String buildId) throws SQLException {
        return builds.find(c, app.id(), uuid(buildId, "build", app)).orElseThrow(() -> new PlatformException.NotFound(
                "build " + buildId + " of app " + app.name() + " not found: `paas builds -a " + app.name() + "` lists them"));
    }

    private static UUID uuid(String id, String what, App app) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PlatformException.NotFound(what + " " + id + " of app " + app.name() + " not found");
        }
    }
}
