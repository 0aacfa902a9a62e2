package paas.api.store;

import paas.api.domain.LogDrain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An app's log drains. Methods run inside the caller's transaction. */
public final class DrainStore {

    public List<LogDrain> list(Connection c, UUID appId) throws SQLException {
        List<LogDrain> drains = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, url, token, created_at FROM log_drains WHERE app_id = ? ORDER BY created_at, url")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    drains.add(new LogDrain(Rows.uuid(rs, "id"), appId, rs.getString("url"), rs.getString("token"),
                            Rows.instant(rs, "created_at")));
                }
            }
        }
        return drains;
    }

    public void insert(Connection c, LogDrain drain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO log_drains (id, app_id, url, token, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, drain.id());
            ps.setObject(2, drain.appId());
            ps.setString(3, drain.url());
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
