package paas.api.store;

import paas.api.domain.AppName;
import paas.api.domain.AppRef;
import paas.api.domain.Collaborator;
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

/** Apps' collaborators. Methods run on the caller's connection, inside its transaction. */
public final class CollaboratorStore {
    private static final String SELECT = """
            SELECT k.id, k.created_at, k.updated_at, a.id AS app_id, a.name AS app_name,
                   u.id AS user_id, u.email, u.admin, u.created_at AS user_created_at
              FROM app_collaborators k JOIN apps a ON a.id = k.app_id JOIN users u ON u.id = k.user_id
            """;

    /**
     * @throws PlatformException.Conflict when the user already collaborates on the app
     */
    public void insert(Connection c, Collaborator collaborator) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO app_collaborators (id, app_id, user_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?)""")) {
            ps.setObject(1, collaborator.id());
            ps.setObject(2, collaborator.app().id());
            ps.setObject(3, collaborator.user().id());
            Rows.setInstant(ps, 4, collaborator.createdAt());
            Rows.setInstant(ps, 5, collaborator.updatedAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isUniqueViolation(e)) {
                throw new PlatformException.Conflict(collaborator.user().email() + " is already a collaborator on app "
                        + collaborator.app().name() + ": `paas access -a " + collaborator.app().name() + "` lists them");
            }
            throw e;
        }
    }

    /** The app's collaborators, oldest first. */
    public List<Collaborator> ofApp(Connection c, UUID appId) throws SQLException {
        List<Collaborator> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE k.app_id = ? ORDER BY k.created_at, u.email")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
        }
        return found;
    }

    /** The user's collaboration on the app, if they have one. */
    public Optional<Collaborator> find(Connection c, UUID appId, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE k.app_id = ? AND k.user_id = ?")) {
            ps.setObject(1, appId);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Whether the user collaborates on the app. */
    public boolean isCollaborator(Connection c, UUID appId, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM app_collaborators WHERE app_id = ? AND user_id = ?")) {
            ps.setObject(1, appId);
            ps.setObject(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Removes the user's collaboration on the app; false when they had none. */
    public boolean delete(Connection c, UUID appId, UUID userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM app_collaborators WHERE app_id = ? AND user_id = ?")) {
            ps.setObject(1, appId);
            ps.setObject(2, userId);
            return ps.executeUpdate() == 1;
        }
    }

    private static Collaborator read(ResultSet rs) throws SQLException {
        return new Collaborator(Rows.uuid(rs, "id"),
                new AppRef(Rows.uuid(rs, "app_id"), new AppName(rs.getString("app_name"))),
                new User(Rows.uuid(rs, "user_id"), rs.getString("email"), rs.getBoolean("admin"),
                        Rows.instant(rs, "user_created_at")),
                Collaborator.Role.COLLABORATOR, Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
