package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.AppRef;
import paas.api.domain.AppTransfer;
import paas.api.domain.Collaborator;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.User;
import paas.api.store.AppStore;
import paas.api.store.CollaboratorStore;
import paas.api.store.Database;
import paas.api.store.UserStore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Hands an app to another user, at once. Heroku sends the recipient a request to accept; a
 * self-hosted platform has its users in one place, so the owner (or an admin) transfers directly:
 * <ul>
 *   <li>the owner transfers only to one of the app's collaborators, as on Heroku, so that the
 *       recipient was given access to the app before being given the app;</li>
 *   <li>an admin transfers to any enabled user (handing over the apps of someone who leaves);</li>
 *   <li>the previous owner stays on as a collaborator, as on Heroku; the recipient's collaborator
 *       entry, now redundant, goes.</li>
 * </ul>
 * The recipient must have room under the apps-per-user quota. Thread-safe.
 */
public final class AppTransferService {
    private final Database db;
    private final AppStore apps;
    private final CollaboratorStore collaborators;
    private final UserStore users;
    private final AppGuard guard;
    private final Quotas quotas;

    public AppTransferService(Database db, AppStore apps, CollaboratorStore collaborators, UserStore users,
                              AppGuard guard, Quotas quotas) {
        this.db = db;
        this.apps = apps;
        this.collaborators = collaborators;
        this.users = users;
        this.guard = guard;
        this.quotas = quotas;
    }

    public AppTransfer transfer(User caller, String app, String recipientEmail) {
        if (app == null || app.isBlank()) {
            throw new PlatformException.InvalidParams("field 'app' is required: the name of the app to transfer");
        }
        if (recipientEmail == null || recipientEmail.isBlank()) {
            throw new PlatformException.InvalidParams("field 'recipient' is required: the email of the user to"
                    + " transfer the app to");
        }
        return db.inTransaction(c -> {
            App found = guard.requireOwnerLocked(c, caller, app, "transfer it");
            UUID recipientId = CollaboratorService.userNamed(c, users, caller, recipientEmail.strip(), false).user().id();
            // The owner's row and the recipient's, locked in id order as every lock of several user
            // rows is: the owner's is needed for the collaborator row they get, and two transfers
            // between the same two users must not each hold one and wait for the other.
            User recipient = CollaboratorService.enabled(users.lockAccounts(c, found.owner().id(), recipientId)
                    .stream().filter(a -> a.user().id().equals(recipientId)).findFirst()
                    .orElseThrow(() -> CollaboratorService.noUser(recipientEmail.strip())));
            if (recipient.id().equals(found.owner().id())) {
                throw new PlatformException.Conflict(recipient.email() + " owns app " + found.name() + " already");
            }
            boolean wasCollaborator = collaborators.isCollaborator(c, found.id(), recipient.id());
            if (!wasCollaborator && !caller.admin()) {
                throw new PlatformException.Conflict(recipient.email() + " is not a collaborator on app " + found.name()
                        + ": an app goes only to one of its collaborators; add them first with `paas access:add "
                        + recipient.email() + " -a " + found.name() + "`");
            }
            int owned = apps.countOwnedBy(c, recipient.id());
            if (owned >= quotas.appsPerUser()) {
                throw new PlatformException.Conflict(recipient.email() + " owns " + owned + " apps, the most one user"
                        + " may own on this platform: they destroy one first, or the operator raises"
                        + " PAAS_MAX_APPS_PER_USER");
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            AppRef ref = new AppRef(found.id(), found.name());
            collaborators.delete(c, found.id(), recipient.id());
            apps.setOwner(c, found.id(), recipient.id(), now);
            collaborators.insert(c, new Collaborator(UUID.randomUUID(), ref, found.owner(),
                    Collaborator.Role.COLLABORATOR, now, now));
            return new AppTransfer(UUID.randomUUID(), ref, found.owner(), recipient, now);
        });
    }
}
