package paas.api.store;

import paas.api.domain.LogDrain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * An app's log drains, their URLs sealed ({@link SecretColumn#DRAIN_URL}: they may carry
 * credentials). Methods run inside the caller's transaction.
 */
public final class DrainStore {
    private final SecretBox secrets;

    public DrainStore(SecretBox secrets) {
        this.secrets = secrets;
    }

    public List<LogDrain> list(Connection c, UUID appId) throws SQLException {
        List<LogDrain> drains = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, url, url_sealed, token, created_at FROM log_drains WHERE app_id = ? ORDER BY created_at")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = Rows.uuid(rs, "id");
                    drains.add(new LogDrain(id, appId, SecretColumn.DRAIN_URL.read(rs, secrets, id),
                            rs.getString("token"), Rows.instant(rs, "created_at")));
                }
            }
        }
        // The URL orders drains added in the same microsecond; it is sealed, so it is sorted here.
        drains.sort(Comparator.comparing(LogDrain::createdAt).thenComparing(LogDrain::url));
        return drains;
    }

    public void insert(Connection c, LogDrain drain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO log_drains (id, app_id, url_sealed, token, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, drain.id());
            ps.setObject(2, drain.appId());
            ps.setBytes(3, SecretColumn.DRAIN_URL.seal(secrets, drain.url(), drain.id()));
            ps.setString(4, drain.token());
            Rows.setInstant(ps, 5, drain.createdAt());
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, UUID drainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM log_drains WHERE id = ?")) {
            ps.setObject(1, drainId);
            ps.executeUpdate();
        }
    }
}
