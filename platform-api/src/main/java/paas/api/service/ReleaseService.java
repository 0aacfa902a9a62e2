package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.ConfigVars;
import paas.api.domain.PlatformException;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.domain.SlugRecord;
import paas.api.store.AppStore;
import paas.api.store.BuildStore;
import paas.api.store.ConfigVarStore;
import paas.api.store.FormationStore;
import paas.api.store.Database;
import paas.api.store.ListRange;
import paas.api.store.Page;
import paas.api.store.ReleaseStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Reading releases and rolling back. Thread-safe. */
public final class ReleaseService {
    private final Database db;
    private final ReleaseStore releases;
    private final ConfigVarStore configVars;
    private final AppStore apps;
    private final BuildStore builds;
    private final FormationStore formation;
    private final AppGuard guard;
    private final String defaultSize;
    private final AppListener listener;

    public ReleaseService(Database db, ReleaseStore releases, ConfigVarStore configVars, AppStore apps,
                          BuildStore builds, FormationStore formation, AppGuard guard, String defaultSize,
                          AppListener listener) {
        this.listener = listener;
        this.db = db;
        this.releases = releases;
        this.configVars = configVars;
        this.apps = apps;
        this.builds = builds;
        this.formation = formation;
        this.guard = guard;
        this.defaultSize = defaultSize;
    }

    /**
     * Releases a freshly built slug with the app's current config vars and the slug's process
     * types. On the first deploy that declares {@code web}, the formation gets one web dyno, as
     * on Heroku; other types start at zero.
     */
    public Release deploy(UUID appId, User user, SlugRecord slug, String description) {
        Release.Status status = ReleasePhase.initialStatus(slug.id(), slug.processTypes());
        return db.inTransaction(c -> {
            apps.lock(c, appId);
            builds.insertSlug(c, slug);
            ConfigVars config = configVars.load(c, appId);
            Release release = releases.insert(c, new ReleaseStore.NewRelease(UUID.randomUUID(), appId, description,
                    status, slug.id(), user, config, slug.processTypes(), slug.createdAt()));
            if (slug.processTypes().containsKey("web") && !formation.load(c, appId).containsKey("web")) {
                formation.put(c, appId, new FormationStore.Row("web", 1, defaultSize, slug.createdAt()));
            }
            return release;
        });
    }

    public Page<Release> list(User caller, String app, ListRange range) {
        return db.inTransaction(c -> releases.list(c, guard.require(c, caller, app).id(), range));
    }

    public Release get(User caller, String app, String idOrVersion) {
        return db.inTransaction(c -> require(c, guard.require(c, caller, app), idOrVersion));
    }

    public ConfigVars configOf(User caller, String app, String idOrVersion) {
        return db.inTransaction(c -> releases.configOf(c, require(c, guard.require(c, caller, app), idOrVersion).id()));
    }

    /**
     * Makes a new release from an old one's slug, config vars and process types, and makes
     * those config vars the app's current ones, as Heroku's rollback does.
     */
    public Release rollback(User caller, String app, String idOrVersion) {
        record Made(AppName app, int target, Release release) {
        }
        Made made = db.inTransaction(c -> {
            App locked = guard.requireLocked(c, caller, app);
            Release target = require(c, locked, idOrVersion);
            if (target.status() != Release.Status.SUCCEEDED) {
                throw new PlatformException.InvalidParams("release v" + target.version() + " is "
                        + target.status().name().toLowerCase() + "; only a succeeded release can be rolled back to");
            }
            if (target.slugId() == null) {
                // Nothing could run from it: every dyno would stop and the app answer "Application error".
                throw new PlatformException.InvalidParams("release v" + target.version() + " has no slug (it was made"
                        + " before the first deploy), so " + locked.name() + " cannot run from it: "
                        + releases.newestWithSlugBefore(c, locked.id(), currentVersion(c, locked))
                                .map(r -> "roll back to a release with one, such as v" + r.version())
                                .orElse("no earlier release has a slug, so there is nothing to roll back to")
                        + " (`paas releases -a " + locked.name() + "` lists them)");
            }
            ConfigVars config = releases.configOf(c, target.id());
            configVars.replace(c, locked.id(), config);
            return new Made(locked.name(), target.version(), releases.insert(c, new ReleaseStore.NewRelease(
                    UUID.randomUUID(), locked.id(), "Rollback to v" + target.version(),
                    ReleasePhase.initialStatus(target.slugId(), target.processTypes()), target.slugId(), caller, config,
                    target.processTypes(), Instant.now().truncatedTo(ChronoUnit.MICROS))));
        });
        listener.on(new AppEvent.RolledBack(made.app(), caller.email(), made.target(), made.release().version()));
        return made.release();
    }

    /** The version of the app's current release; past the newest when none succeeded yet. */
    private int currentVersion(Connection c, App app) throws SQLException {
        return releases.current(c, app.id()).map(Release::version).orElse(Integer.MAX_VALUE);
    }

    private Release require(Connection c, App app, String idOrVersion) throws SQLException {
        return releases.find(c, app.id(), idOrVersion).orElseThrow(() -> new PlatformException.NotFound(
                "release " + idOrVersion + " of app " + app.name() + " not found: `paas releases -a "
                        + app.name() + "` lists them"));
    }
}
