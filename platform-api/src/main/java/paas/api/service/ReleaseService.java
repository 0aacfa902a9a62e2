package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.ConfigVars;
import paas.api.domain.PlatformException;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.store.ConfigVarStore;
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
    private final AppGuard guard;

    public ReleaseService(Database db, ReleaseStore releases, ConfigVarStore configVars, AppGuard guard) {
        this.db = db;
        this.releases = releases;
        this.configVars = configVars;
        this.guard = guard;
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
        return db.inTransaction(c -> {
            App locked = guard.requireLocked(c, caller, app);
            Release target = require(c, locked, idOrVersion);
            if (target.status() != Release.Status.SUCCEEDED) {
                throw new PlatformException.InvalidParams("release v" + target.version() + " is "
                        + target.status().name().toLowerCase() + "; only a succeeded release can be rolled back to");
            }
            ConfigVars config = releases.configOf(c, target.id());
            configVars.replace(c, locked.id(), config);
            return releases.insert(c, new ReleaseStore.NewRelease(UUID.randomUUID(), locked.id(),
                    "Rollback to v" + target.version(), Release.Status.SUCCEEDED, target.slugId(), caller, config,
                    target.processTypes(), Instant.now().truncatedTo(ChronoUnit.MICROS)));
        });
    }

    private Release require(Connection c, App app, String idOrVersion) throws SQLException {
        return releases.find(c, app.id(), idOrVersion).orElseThrow(() -> new PlatformException.NotFound(
                "release " + idOrVersion + " of app " + app.name() + " not found: `paas releases -a "
                        + app.name() + "` lists them"));
    }
}
