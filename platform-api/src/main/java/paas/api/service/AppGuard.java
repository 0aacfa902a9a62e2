package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.store.AppStore;

import java.sql.Connection;
import java.sql.SQLException;

/** Finds the app a request names and checks that the caller may act on it. */
public final class AppGuard {
    private final AppStore apps;

    public AppGuard(AppStore apps) {
        this.apps = apps;
    }

    /** The app, when it exists and the caller owns it or is an admin. */
    public App require(Connection c, User caller, String nameOrId) throws SQLException {
        App app = apps.find(c, nameOrId).orElseThrow(() -> new PlatformException.NotFound(
                "app " + nameOrId + " not found: `paas apps` lists the apps you can use"));
        if (!caller.admin() && !app.owner().id().equals(caller.id())) {
            throw new PlatformException.Forbidden("you do not have access to app " + app.name()
                    + ": ask its owner, or use -a with one of your own apps");
        }
        return app;
    }

    /** As {@link #require}, and holds the app's lock until the transaction ends. */
    public App requireLocked(Connection c, User caller, String nameOrId) throws SQLException {
        App app = require(c, caller, nameOrId);
        apps.lock(c, app.id());
        return app;
    }
}
