package paas.api.store;

import paas.api.domain.PlatformException;
import paas.api.domain.User;

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

    public Optional<User> findAdmin(Connection c) throws SQLException {
        return one(c, "SELECT " + USER_COLUMNS + " FROM users u WHERE u.admin = TRUE ORDER BY u.created_at", null);
    }

    public List<User> list(Connection c) throws SQLException {
        List<User> users = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + USER_COLUMNS + " FROM users u ORDER BY u.email");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                users.add(read(rs));
            }
        }
        return users;
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

    public Optional<User> findByTokenHash(Connection c, String tokenHash) throws SQLException {
        return one(c, "SELECT " + USER_COLUMNS + " FROM users u JOIN tokens t ON t.user_id = u.id WHERE t.token_hash = ?",
                tokenHash);
    }

    public List<paas.api.domain.Token> tokensOf(Connection c, UUID userId) throws SQLException {
        List<paas.api.domain.Token> tokens = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, description, created_at FROM tokens WHERE user_id = ? ORDER BY created_at, id")) {
            ps.setObject(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tokens.add(new paas.api.domain.Token(Rows.uuid(rs, "id"), rs.getString("description"),
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
