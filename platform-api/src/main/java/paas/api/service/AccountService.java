package paas.api.service;

import paas.api.domain.IssuedToken;
import paas.api.domain.PlatformException;
import paas.api.domain.Token;
import paas.api.domain.TokenSecrets;
import paas.api.domain.User;
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

/** Users and their API tokens. Only a token's hash is ever stored. Thread-safe. */
public final class AccountService {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9.-]{1,189}");
    private static final int MAX_DESCRIPTION = 200;

    private final Database db;
    private final UserStore users;
    private final TokenSecrets secrets;

    public AccountService(Database db, UserStore users, TokenSecrets secrets) {
        this.db = db;
        this.users = users;
        this.secrets = secrets;
    }

    /**
     * Makes sure an admin exists. On first start it creates one with a token (the given one, or a
     * new secret, returned so paasd can print it once). A given token that the store does not hold
     * yet is added to the admin, so PAAS_ADMIN_TOKEN keeps working across restarts.
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

    /** The user holding this secret, if it is a live token. */
    public Optional<User> authenticate(String secret) {
        if (secret == null || secret.length() < TokenSecrets.MIN_LENGTH || secret.length() > 200) {
            return Optional.empty();
        }
        return db.inTransaction(c -> users.findByTokenHash(c, TokenSecrets.hash(secret)));
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

    public List<User> listUsers(User caller) {
        requireAdmin(caller, "list users");
        return db.inTransaction(users::list);
    }

    public List<Token> tokens(User caller) {
        return db.inTransaction(c -> users.tokensOf(c, caller.id()));
    }

    public IssuedToken createToken(User caller, String description) {
        String text = description == null || description.isBlank() ? "created with the API" : description.strip();
        if (text.length() > MAX_DESCRIPTION || text.chars().anyMatch(Character::isISOControl)) {
            throw new PlatformException.InvalidParams("a token description is at most " + MAX_DESCRIPTION
                    + " characters of text without control characters");
        }
        return db.inTransaction(c -> issue(c, caller, secrets.newSecret(), text));
    }

    /** Revokes one of the caller's own tokens; it stops working at once. */
    public Token revokeToken(User caller, String tokenId) {
        UUID id;
        try {
            id = UUID.fromString(tokenId);
        } catch (IllegalArgumentException e) {
            throw new PlatformException.NotFound("token " + tokenId + " not found: `paas authorizations` lists yours");
        }
        return db.inTransaction(c -> {
            Token token = users.tokensOf(c, caller.id()).stream().filter(t -> t.id().equals(id)).findFirst()
                    .orElseThrow(() -> new PlatformException.NotFound("token " + tokenId
                            + " not found: `paas authorizations` lists yours"));
            users.deleteToken(c, caller.id(), id);
            return token;
        });
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
