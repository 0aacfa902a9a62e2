package paas.api.service;

import paas.api.domain.Authenticated;
import paas.api.domain.IssuedToken;
import paas.api.domain.PlatformException;
import paas.api.domain.Token;
import paas.api.domain.TokenSecrets;
import paas.api.domain.User;
import paas.api.domain.UserAccount;
import paas.api.store.AppStore;
import paas.api.store.Database;
import paas.api.store.UserStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Users and their API tokens. Only a token's hash is ever stored. A disabled user's tokens do
 * not authenticate until the user is enabled again. Whatever takes access away tells the
 * {@link AccessListener} once committed. Thread-safe.
 */
public final class AccountService {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,189}");
    private static final int MAX_DESCRIPTION = 200;

    private final Database db;
    private final UserStore users;
    private final AppStore apps;
    private final TokenSecrets secrets;
    private final AccessListener listener;

    public AccountService(Database db, UserStore users, AppStore apps, TokenSecrets secrets, AccessListener listener) {
        this.db = db;
        this.users = users;
        this.apps = apps;
        this.secrets = secrets;
        this.listener = listener;
    }

    /**
     * Makes sure an admin exists. On first start it creates one with a token (the given one, or a
     * new secret, returned so paasd can print it once). A given token that the store does not hold
     * yet is added to the (oldest enabled) admin, so PAAS_ADMIN_TOKEN keeps working across restarts.
     */
    public Optional<IssuedToken> bootstrapAdmin(String email, Optional<String> givenToken) {
        return db.inTransaction(c -> {
            Optional<User> admin = users.findAdmin(c);
            if (admin.isPresent()) {
                if (givenToken.isPresent() && !users.tokenHashExists(c, TokenSecrets.hash(givenToken.get()))) {
                    return Optional.of(issue(c, admin.get(), givenToken.get(), "PAAS_ADMIN_TOKEN"));
                }
                return Optional.empty();
            }
            User created = new User(UUID.randomUUID(), email, true, now());
            users.insert(c, created);
            return Optional.of(issue(c, created, givenToken.orElseGet(secrets::newSecret), "created on first start"));
        });
    }

    /** The user holding this secret, if it is a live token of an enabled user. */
    public Optional<User> authenticate(String secret) {
        return identify(secret).map(Authenticated::user);
    }

    /** As {@link #authenticate}, with the id of the token the secret belongs to. */
    public Optional<Authenticated> identify(String secret) {
        if (secret == null || secret.length() < TokenSecrets.MIN_LENGTH || secret.length() > 200) {
            return Optional.empty();
        }
        return db.inTransaction(c -> users.findByTokenHash(c, TokenSecrets.hash(secret)));
    }

    /** True while the token exists and its user is enabled. */
    public boolean isLive(UUID tokenId) {
        return db.inTransaction(c -> users.isLive(c, tokenId));
    }

    public IssuedToken createUser(User caller, String email) {
        requireAdmin(caller, "create users");
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw new PlatformException.InvalidParams("invalid email " + (email == null ? "(missing)" : "'" + email + "'")
                    + ": give an address like name@example.com");
        }
        return db.inTransaction(c -> {
            User user = new User(UUID.randomUUID(), email, false, now());
            users.insert(c, user);
            return issue(c, user, secrets.newSecret(), "created by " + caller.email());
        });
    }

    public List<UserAccount> listUsers(User caller) {
        requireAdmin(caller, "list users");
        return db.inTransaction(users::list);
    }

    public UserAccount user(User caller, String email) {
        requireAdmin(caller, "look at other users");
        return db.inTransaction(c -> orNotFound(users.findAccount(c, email), email));
    }

    /**
     * Disables a user (their tokens stop working at once, also for git and open streams) or
     * enables them again (the same tokens work again). Nobody disables themselves or the last
     * enabled admin, so the platform always keeps an admin who can undo it.
     */
    public UserAccount setDisabled(User caller, String email, boolean disabled) {
        requireAdmin(caller, disabled ? "disable users" : "enable users");
        UserAccount before = db.inTransaction(c -> {
            UserStore.AdminChange change = users.lockForAdminChange(c, email);
            UserAccount target = orNotFound(change.target(), email);
            if (disabled && !target.disabled()) {
                requireNotSelfOrLastAdmin(caller, target, change.enabledAdmins(), "disable");
            }
            users.setDisabled(c, target.user().id(), disabled);
            return target;
        });
        if (disabled && !before.disabled()) {
            listener.userCutOff(before.user().id());
        }
        return new UserAccount(before.user(), disabled);
    }

    /**
     * Deletes a user, their tokens and their collaborator entries. Refused while they own apps:
     * their apps would have no owner, and what to do with them (transfer or destroy) is the
     * admin's decision.
     */
    public UserAccount destroyUser(User caller, String email) {
        requireAdmin(caller, "destroy users");
        UserAccount destroyed = db.inTransaction(c -> {
            UserStore.AdminChange change = users.lockForAdminChange(c, email);
            UserAccount target = orNotFound(change.target(), email);
            requireNotSelfOrLastAdmin(caller, target, change.enabledAdmins(), "destroy");
            int owned = apps.countOwnedBy(c, target.user().id());
            if (owned > 0) {
                throw new PlatformException.Conflict("user " + email + " still owns " + owned
                        + (owned == 1 ? " app" : " apps") + ": transfer or destroy " + (owned == 1 ? "it" : "them")
                        + " first (`paas apps` as an admin lists every app and its owner; `paas apps:transfer EMAIL -a APP`"
                        + " hands one to another user, `paas apps:destroy APP` destroys it)");
            }
            users.delete(c, target.user());
            return target;
        });
        listener.userCutOff(destroyed.user().id());
        return destroyed;
    }

    /** The caller's own tokens. */
    public List<Token> tokens(User caller) {
        return db.inTransaction(c -> users.tokensOf(c, caller.id()));
    }

    /** The tokens of the user with this email or id (without secrets): an admin's view, or the caller's own. */
    public List<Token> tokensOf(User caller, String email) {
        if (!caller.email().equals(email) && !caller.id().toString().equals(email)) {
            requireAdmin(caller, "list another user's tokens");
        }
        return db.inTransaction(c -> users.tokensOf(c, orNotFound(users.findAccount(c, email), email).user().id()));
    }

    public IssuedToken createToken(User caller, String description) {
        String text = description == null || description.isBlank() ? "created with the API" : description.strip();
        if (text.length() > MAX_DESCRIPTION || text.chars().anyMatch(Character::isISOControl)) {
            throw new PlatformException.InvalidParams("a token description is at most " + MAX_DESCRIPTION
                    + " characters of text without control characters");
        }
        return db.inTransaction(c -> issue(c, caller, secrets.newSecret(), text));
    }

    /**
     * Revokes a token: the caller's own, or any user's when the caller is an admin. It stops
     * working at once and what it opened ends. Someone else's token is "not found" to a non-admin,
     * exactly as an unknown id is, so the answer does not tell that it exists.
     */
    public Token revokeToken(User caller, String tokenId) {
        String notFound = "token " + tokenId + " not found: `paas authorizations` lists yours"
                + (caller.admin() ? ", GET /users/EMAIL/authorizations another user's" : "");
        UUID id;
        try {
            id = UUID.fromString(tokenId);
        } catch (IllegalArgumentException e) {
            throw new PlatformException.NotFound(notFound);
        }
        Token revoked = db.inTransaction(c -> {
            UUID owner = users.tokenOwner(c, id)
                    .filter(o -> o.equals(caller.id()) || caller.admin())
                    .orElseThrow(() -> new PlatformException.NotFound(notFound));
            Token token = users.tokensOf(c, owner).stream().filter(t -> t.id().equals(id)).findFirst()
                    .orElseThrow(() -> new PlatformException.NotFound(notFound));
            users.deleteToken(c, owner, id);
            return token;
        });
        listener.tokenRevoked(revoked.id());
        return revoked;
    }

    private static UserAccount orNotFound(Optional<UserAccount> account, String email) {
        return account.orElseThrow(() -> new PlatformException.NotFound("user " + email
                + " not found: `paas users` lists them"));
    }

    private static void requireNotSelfOrLastAdmin(User caller, UserAccount target, int enabledAdmins, String verb) {
        if (target.user().id().equals(caller.id())) {
            throw new PlatformException.Forbidden("you cannot " + verb + " yourself: ask another admin");
        }
        if (target.user().admin() && !target.disabled() && enabledAdmins <= 1) {
            throw new PlatformException.Forbidden("you cannot " + verb + " " + target.user().email()
                    + ": the platform's last enabled admin; enable another admin first");
        }
    }

    private IssuedToken issue(Connection c, User user, String secret, String description) throws SQLException {
        Token token = new Token(UUID.randomUUID(), description, now());
        users.insertToken(c, token.id(), user.id(), TokenSecrets.hash(secret), description, token.createdAt());
        return new IssuedToken(token, user, secret);
    }

    private static void requireAdmin(User caller, String what) {
        if (!caller.admin()) {
            throw new PlatformException.Forbidden("only an admin may " + what + "; ask your platform's operator");
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
