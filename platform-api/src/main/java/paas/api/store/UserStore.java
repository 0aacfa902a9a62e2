package paas.api.store;

import paas.api.domain.Authenticated;
import paas.api.domain.PlatformException;
import paas.api.domain.Token;
import paas.api.domain.User;
import paas.api.domain.UserAccount;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users and their tokens. Methods run on the caller's connection, inside its transaction. */
public final class UserStore {

    private static final String USER_COLUMNS = "u.id, u.email, u.admin, u.created_at";

    public void insert(Connection c, User user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (id, email, admin, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setObject(1, user.id());
            ps.setString(2, user.email());
            ps.setBoolean(3, user.admin());
            Rows.setInstant(ps, 4, user.createdAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isUniqueViolation(e)) {
                throw new PlatformException.Conflict("a user with email " + user.email() + " already exists");
            }
            throw e;
        }
    }

    public long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public Optional<User> findByEmail(Connection c, String email) throws SQLException {
        return one(c, "SELECT " + USER_COLUMNS + " FROM users u WHERE u.email = ?", email);
    }

    /** The oldest enabled admin. */
    public Optional<User> findAdmin(Connection c) throws SQLException {
        return one(c, "SELECT " + USER_COLUMNS + " FROM users u WHERE u.admin = TRUE AND u.disabled = FALSE"
                + " ORDER BY u.created_at", null);
    }

    public List<UserAccount> list(Connection c) throws SQLException {
        List<UserAccount> users = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + ", u.disabled FROM users u"
                + " ORDER BY u.email");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(new UserAccount(read(rs), rs.getBoolean("disabled")));
            }
        }
        return users;
    }

    /**
     * The user with this email or id, enabled or not: Heroku's account identity, which clients send
     * as either (an email never parses as a UUID).
     */
    public Optional<UserAccount> findAccount(Connection c, String emailOrId) throws SQLException {
        return account(c, emailOrId, "");
    }

    /** As {@link #findAccount}, the row locked for update until the transaction ends. */
    public Optional<UserAccount> lockAccount(Connection c, String emailOrId) throws SQLException {
        return account(c, emailOrId, " FOR UPDATE");
    }

    private Optional<UserAccount> account(Connection c, String emailOrId, String lock) throws SQLException {
        UUID id = Uuids.orNull(emailOrId);
        try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + ", u.disabled FROM users u"
                + (id != null ? " WHERE u.id = ?" : " WHERE u.email = ?") + lock)) {
            if (id != null) {
                ps.setObject(1, id);
            } else {
                ps.setString(1, emailOrId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new UserAccount(read(rs), rs.getBoolean("disabled"))) : Optional.empty();
            }
        }
    }

    /**
     * A change an admin makes to a user, prepared: how many admins are enabled and the user named,
     * with every admin's row and the user's locked until the transaction ends, so that two admins
     * disabling each other at once cannot both pass a "one is left" check.
     */
    public record AdminChange(int enabledAdmins, Optional<UserAccount> target) {
    }

    /**
     * Locks the admins' rows and the row of the user with this email or id, in id order (as every
     * lock of several user rows is taken, so two such transactions wait for each other rather than
     * deadlock).
     */
    public AdminChange lockForAdminChange(Connection c, String emailOrId) throws SQLException {
        Optional<UUID> targetId = findAccount(c, emailOrId).map(a -> a.user().id());
        int enabled = 0;
        UserAccount target = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + ", u.disabled FROM users u"
                + " WHERE u.admin = TRUE OR u.id = ? ORDER BY u.id FOR UPDATE")) {
            ps.setObject(1, targetId.orElse(null));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UserAccount account = new UserAccount(read(rs), rs.getBoolean("disabled"));
                    enabled += account.user().admin() && !account.disabled() ? 1 : 0;
                    if (targetId.isPresent() && account.user().id().equals(targetId.get())) {
                        target = account;
                    }
                }
            }
        }
        return new AdminChange(enabled, Optional.ofNullable(target));
    }

    /** The users with these ids that exist, their rows locked in id order (see {@link #lockForAdminChange}). */
    public List<UserAccount> lockAccounts(Connection c, UUID first, UUID second) throws SQLException {
        List<UserAccount> locked = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + ", u.disabled FROM users u"
                + " WHERE u.id IN (?, ?) ORDER BY u.id FOR UPDATE")) {
            ps.setObject(1, first);
            ps.setObject(2, second);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    locked.add(new UserAccount(read(rs), rs.getBoolean("disabled")));
                }
            }
        }
        return locked;
    }

    public void setDisabled(Connection c, UUID userId, boolean disabled) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE users SET disabled = ? WHERE id = ?")) {
            ps.setBoolean(1, disabled);
            ps.setObject(2, userId);
            ps.executeUpdate();
        }
    }

    /**
     * Deletes the user and their tokens; their releases and builds keep no user.
     *
     * @throws PlatformException.Conflict when the user owns an app (one created since it was counted)
     */
    public void delete(Connection c, User user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
            ps.setObject(1, user.id());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isForeignKeyViolation(e)) {
                throw new PlatformException.Conflict("user " + user.email() + " owns apps: transfer"
                        + " (`paas apps:transfer EMAIL -a APP`) or destroy them first");
            }
            throw e;
        }
    }

    public void insertToken(Connection c, UUID id, UUID userId, String tokenHash, String description,
                            java.time.Instant createdAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO tokens (id, user_id, token_hash, description, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setObject(2, userId);
            ps.setString(3, tokenHash);
            ps.setString(4, description);
            Rows.setInstant(ps, 5, createdAt);
            ps.executeUpdate();
        }
    }

    public boolean tokenHashExists(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tokens WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The enabled user holding the token with this hash, and that token's id. */
    public Optional<Authenticated> findByTokenHash(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + ", t.id AS token_id FROM users u"
                + " JOIN tokens t ON t.user_id = u.id WHERE t.token_hash = ? AND u.disabled = FALSE")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Authenticated(read(rs), Rows.uuid(rs, "token_id"))) : Optional.empty();
            }
        }
    }

    /** True while the token exists and its user is enabled. */
    public boolean isLive(Connection c, UUID tokenId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tokens t JOIN users u ON u.id = t.user_id"
                + " WHERE t.id = ? AND u.disabled = FALSE")) {
            ps.setObject(1, tokenId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whose token this is, if it exists. */
    public Optional<UUID> tokenOwner(Connection c, UUID tokenId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT user_id FROM tokens WHERE id = ?")) {
            ps.setObject(1, tokenId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Rows.uuid(rs, "user_id")) : Optional.empty();
            }
        }
    }

    public List<Token> tokensOf(Connection c, UUID userId) throws SQLException {
        List<Token> tokens = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, description, created_at FROM tokens WHERE user_id = ? ORDER BY created_at, id")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(new Token(Rows.uuid(rs, "id"), rs.getString("description"),
                            Rows.instant(rs, "created_at")));
                }
            }
        }
        return tokens;
    }

    /** Deletes one of the user's tokens; false when the user has no token with that id. */
    public boolean deleteToken(Connection c, UUID userId, UUID tokenId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tokens WHERE id = ? AND user_id = ?")) {
            ps.setObject(1, tokenId);
            ps.setObject(2, userId);
            return ps.executeUpdate() == 1;
        }
    }

    private Optional<User> one(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    static User read(ResultSet rs) throws SQLException {
        return new User(Rows.uuid(rs, "id"), rs.getString("email"), rs.getBoolean("admin"), Rows.instant(rs, "created_at"));
    }
}
