package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.store.AppStore;
import paas.api.store.CollaboratorStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Finds the app a request names and checks that the caller may act on it. Two levels, as Heroku
 * has for an app in a personal account: a member (its owner or a collaborator) does everything
 * with the app ({@link #require}); only its owner destroys, renames or transfers it and manages
 * its collaborators ({@link #requireOwner}). An admin passes both. Everyone else is refused.
 */
public final class AppGuard {
    private final AppStore apps;
    private final CollaboratorStore collaborators;

    public AppGuard(AppStore apps) {
        this(apps, new CollaboratorStore());
    }

    public AppGuard(AppStore apps, CollaboratorStore collaborators) {
        this.apps = apps;
        this.collaborators = collaborators;
    }

    /** The app, when it exists and the caller owns it, collaborates on it or is an admin. */
    public App require(Connection c, User caller, String nameOrId) throws SQLException {
        App app = find(c, nameOrId);
        if (!isMember(c, caller, app)) {
            throw noAccess(app);
        }
        return app;
    }

    /** As {@link #require}, and holds the app's lock until the transaction ends. */
    public App requireLocked(Connection c, User caller, String nameOrId) throws SQLException {
        App app = require(c, caller, nameOrId);
        apps.lock(c, app.id());
        // Again under the lock: a transfer or an access:remove that committed while this waited counts.
        return require(c, caller, app.id().toString());
    }

    /**
     * The app, locked until the transaction ends, when the caller owns it or is an admin. A
     * collaborator is told who may do it instead; anyone else is refused as by {@link #require}.
     *
     * @param what what the caller asked to do, as in "only its owner may {@code what}"
     */
    public App requireOwnerLocked(Connection c, User caller, String nameOrId, String what) throws SQLException {
        UUID id = require(c, caller, nameOrId).id();
        apps.lock(c, id);
        // Read under the lock: the owner is the one after any transfer that committed while this waited.
        App app = require(c, caller, id.toString());
        if (!caller.admin() && !isOwner(caller, app)) {
            throw new PlatformException.Forbidden("only the owner of app " + app.name() + " (" + app.owner().email()
                    + ") or an admin may " + what + "; you are a collaborator: ask them");
        }
        return app;
    }

    /** Whether the caller may act on the app: its owner, a collaborator on it, or an admin. */
    public boolean isMember(Connection c, User caller, App app) throws SQLException {
        return caller.admin() || isOwner(caller, app) || collaborators.isCollaborator(c, app.id(), caller.id());
    }

    private static boolean isOwner(User caller, App app) {
        return app.owner().id().equals(caller.id());
    }

    private App find(Connection c, String nameOrId) throws SQLException {
        return apps.find(c, nameOrId).orElseThrow(() -> new PlatformException.NotFound(
                "app " + nameOrId + " not found: `paas apps` lists the apps you can use"));
    }

    private static PlatformException noAccess(App app) {
        return new PlatformException.Forbidden("you do not have access to app " + app.name()
                + ": ask its owner to add you (`paas access:add EMAIL`), or use -a with one of your apps");
    }
}
