package paas.api.store;

import paas.api.domain.Domain;
import paas.api.domain.Hostname;
import paas.api.domain.PlatformException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Hostnames routed to apps; a hostname belongs to at most one app on the platform. */
public final class DomainStore {

    public List<Domain> list(Connection c, UUID appId) throws SQLException {
        List<Domain> domains = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, hostname, kind, created_at FROM domains WHERE app_id = ? ORDER BY kind, hostname")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    domains.add(new Domain(Rows.uuid(rs, "id"), new Hostname(rs.getString("hostname")),
                            Domain.Kind.valueOf(rs.getString("kind")), Rows.instant(rs, "created_at")));
                }
            }
        }
        return domains;
    }

    public void insert(Connection c, UUID appId, Domain domain) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO domains (id, app_id, hostname, kind, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, domain.id());
            ps.setObject(2, appId);
            ps.setString(3, domain.hostname().value());
            ps.setString(4, domain.kind().name());
            Rows.setInstant(ps, 5, domain.createdAt());
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isUniqueViolation(e)) {
                throw new PlatformException.Conflict("the hostname " + domain.hostname()
                        + " is already in use by an app on this platform");
            }
            throw e;
        }
    }

    public void delete(Connection c, UUID domainId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM domains WHERE id = ?")) {
            ps.setObject(1, domainId);
            ps.executeUpdate();
        }
    }

    /** Points the app's default domain at a new hostname, after a rename. */
    public void renameDefault(Connection c, UUID appId, Hostname hostname) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE domains SET hostname = ? WHERE app_id = ? AND kind = 'DEFAULT'")) {
            ps.setString(1, hostname.value());
            ps.setObject(2, appId);
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isUniqueViolation(e)) {
                throw new PlatformException.Conflict("the hostname " + hostname + " is already in use by an app on this platform");
            }
            throw e;
        }
    }
}
