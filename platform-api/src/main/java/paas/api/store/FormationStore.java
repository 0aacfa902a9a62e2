package paas.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The recorded formation of each app: quantity and size per process type. */
public final class FormationStore {

    /** One stored row; the command comes from the release, not from here. */
    public record Row(String type, int quantity, String size, Instant updatedAt) {
    }

    public Map<String, Row> load(Connection c, UUID appId) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT type, quantity, size, updated_at FROM formation WHERE app_id = ? ORDER BY type")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString("type"), new Row(rs.getString("type"), rs.getInt("quantity"),
                            rs.getString("size"), Rows.instant(rs, "updated_at")));
                }
            }
        }
        return rows;
    }

    /** The dynos every app's formation asks for, together. */
    public int totalQuantity(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(quantity), 0) FROM formation");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Writes one row; callers hold the app's lock, so update-then-insert cannot race. */
    public void put(Connection c, UUID appId, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE formation SET quantity = ?, size = ?, updated_at = ? WHERE app_id = ? AND type = ?")) {
            ps.setInt(1, row.quantity());
            ps.setString(2, row.size());
            Rows.setInstant(ps, 3, row.updatedAt());
            ps.setObject(4, appId);
            ps.setString(5, row.type());
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO formation (app_id, type, quantity, size, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, appId);
            ps.setString(2, row.type());
            ps.setInt(3, row.quantity());
            ps.setString(4, row.size());
            Rows.setInstant(ps, 5, row.updatedAt());
            ps.executeUpdate();
        }
    }
}
