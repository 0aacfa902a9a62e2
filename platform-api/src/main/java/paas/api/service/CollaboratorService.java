package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.AppRef;
import paas.api.domain.Collaborator;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.domain.UserAccount;
import paas.api.store.CollaboratorStore;
import paas.api.store.Database;
import paas.api.store.UserStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An app's collaborators: who has access to it besides its owner. Every member of the app (and an
 * admin) sees the list; its owner (or an admin) adds and removes collaborators; a collaborator may
 * also remove themselves. Removing someone tells the {@link AccessListener}, so what they opened
 * on the app (a log tail, a one-off dyno) ends. Thread-safe.
 */
public final class CollaboratorService {
    private final Database db;
    private final CollaboratorStore collaborators;
    private final UserStore users;
    private final AppGuard guard;
    private final AccessListener listener;

    public CollaboratorService(Database db, CollaboratorStore collaborators, UserStore users, AppGuard guard,
                               AccessListener listener) {
        this.db = db;
        this.collaborators = collaborators;
        this.users = users;
        this.guard = guard;
        this.listener = listener;
    }

    /** The app's owner, then its collaborators, oldest first. */
    public List<Collaborator> list(User caller, String app) {
        return db.inTransaction(c -> {
            App found = guard.require(c, caller, app);
            List<Collaborator> all = new ArrayList<>();
            all.add(Collaborator.ownerOf(found));
            all.addAll(collaborators.ofApp(c, found.id()));
            return all;
        });
    }

    /** One entry of {@link #list}, by the user's email or the entry's id. */
    public Collaborator get(User caller, String app, String emailOrId) {
        return db.inTransaction(c -> find(c, guard.require(c, caller, app), emailOrId));
    }

    /**
     * Gives the user with this email (or {@code ~}, the caller) access to the app.
     *
     * @throws PlatformException.NotFound     when no user has that email
     * @throws PlatformException.Conflict     when they own the app or collaborate on it already, or are disabled
     * @throws PlatformException.Forbidden    when the caller is not the app's owner or an admin
     */
    public Collaborator add(User caller, String app, String email) {
        if (email == null || email.isBlank()) {
            throw new PlatformException.InvalidParams("field 'user' is required: the email of the user to add, as in"
                    + " {\"user\": \"name@example.com\"}");
        }
        return db.inTransaction(c -> {
            App found = guard.requireOwnerLocked(c, caller, app, "add collaborators");
            User user = enabledUser(c, caller, email.strip());
            if (user.id().equals(found.owner().id())) {
                throw new PlatformException.Conflict(user.email() + " owns app " + found.name()
                        + ", so needs no access as a collaborator");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            collaborators.insert(c, new Collaborator(UUID.randomUUID(), new AppRef(found.id(), found.name()), user,
                    Collaborator.Role.COLLABORATOR, now, now));
            return collaborators.find(c, found.id(), user.id()).orElseThrow();
        });
    }

    /**
     * Takes a collaborator's access away, by their email or the entry's id: the owner's or an
     * admin's to do, or the collaborator's own (leaving the app). The owner cannot be removed.
     */
    public Collaborator remove(User caller, String app, String emailOrId) {
        Collaborator removed = db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            Collaborator target = find(c, found, emailOrId);
            if (target.role() == Collaborator.Role.OWNER) {
                throw new PlatformException.Conflict(target.user().email() + " owns app " + found.name()
                        + " and cannot be removed from it: transfer the app first (`paas apps:transfer EMAIL -a "
                        + found.name() + "`), or destroy it");
            }
            if (!target.user().id().equals(caller.id())) {
                guard.requireOwnerLocked(c, caller, app, "remove collaborators");
            }
            collaborators.delete(c, found.id(), target.user().id());
            return target;
        });
        listener.appAccessRemoved(removed.user().id(), removed.app().name());
        return removed;
    }

    private Collaborator find(Connection c, App app, String emailOrId) throws SQLException {
        Collaborator owner = Collaborator.ownerOf(app);
        if (owner.user().email().equalsIgnoreCase(emailOrId) || owner.id().toString().equals(emailOrId)) {
            return owner;
        }
        for (Collaborator k : collaborators.ofApp(c, app.id())) {
            if (k.user().email().equalsIgnoreCase(emailOrId) || k.id().toString().equals(emailOrId)) {
                return k;
            }
        }
        throw new PlatformException.NotFound(emailOrId + " is not a collaborator on app " + app.name()
                + ": `paas access -a " + app.name() + "` lists who is");
    }

    /**
     * The enabled user with this email or id ({@code ~}: the caller), with an error that names the
     * fix otherwise. Their row stays locked until the transaction ends, so a user destroyed at the
     * same time is either gone here (404) or destroyed after this change, with it (no half-added row).
     */
    static User enabledUser(Connection c, UserStore users, User caller, String emailOrId) throws SQLException {
        return enabled(userNamed(c, users, caller, emailOrId, true));
    }

    /** The user with this email or id ({@code ~}: the caller), enabled or not; locked if asked. */
    static UserAccount userNamed(Connection c, UserStore users, User caller, String emailOrId, boolean lock)
            throws SQLException {
        String identity = emailOrId.equals("~") ? caller.id().toString() : emailOrId;
        Optional<UserAccount> found = lock ? users.lockAccount(c, identity) : users.findAccount(c, identity);
        return found.orElseThrow(() -> noUser(emailOrId));
    }

    static PlatformException noUser(String emailOrId) {
        return new PlatformException.NotFound(emailOrId.contains("@")
                ? "no user has the email " + emailOrId + " on this platform: an admin creates them with `paas"
                + " users:create " + emailOrId + "`, then try again"
                : "no user has the id " + emailOrId + " on this platform: `paas users` (for an admin) lists them");
    }

    /** The account's user, when they are enabled; a conflict that names the fix otherwise. */
    static User enabled(UserAccount account) {
        if (account.disabled()) {
            throw new PlatformException.Conflict("user " + account.user().email() + " is disabled: an admin enables"
                    + " them with `paas users:enable " + account.user().email() + "` first");
        }
        return account.user();
    }

    private User enabledUser(Connection c, User caller, String emailOrId) throws SQLException {
        return enabledUser(c, users, caller, emailOrId);
    }
}
