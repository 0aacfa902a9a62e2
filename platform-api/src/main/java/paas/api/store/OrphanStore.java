package paas.api.store;

import paas.api.domain.Orphan;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Orphans one platform installation found, with when it first found them; and the slug checksums
 * the store still names, which tell a kept slug file from an orphan. Methods run inside the
 * caller's transaction.
 */
public final class OrphanStore {

    public Map<Orphan.Key, Orphan> list(Connection c, String platform) throws SQLException {
        Map<Orphan.Key, Orphan> orphans = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT kind, resource_id, app_name, dyno_name, first_seen_at FROM orphans WHERE platform = ?""")) {
            ps.setString(1, platform);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Orphan o = new Orphan(Orphan.Kind.of(rs.getString("kind")), rs.getString("resource_id"),
                            rs.getString("app_name"), rs.getString("dyno_name"), Rows.instant(rs, "first_seen_at"));
                    orphans.put(o.key(), o);
                }
            }
        }
        return orphans;
    }

    public void insert(Connection c, String platform, Orphan o) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO orphans (platform, kind, resource_id, app_name, dyno_name, first_seen_at)
                VALUES (?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, platform);
            ps.setString(2, o.kind().word());
            ps.setString(3, o.id());
            ps.setString(4, o.app());
            ps.setString(5, o.dyno());
            Rows.setInstant(ps, 6, o.firstSeen());
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, String platform, Orphan.Key key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM orphans WHERE platform = ? AND kind = ? AND resource_id = ?")) {
            ps.setString(1, platform);
            ps.setString(2, key.kind().word());
            ps.setString(3, key.id());
            ps.executeUpdate();
        }
    }

    /** Every slug checksum a slug record names, in any app (releases point at slug records). */
    public Set<String> slugChecksums(Connection c) throws SQLException {
        Set<String> shas = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT sha256 FROM slugs");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                shas.add(rs.getString(1).strip());
            }
        }
        return shas;
    }
}
