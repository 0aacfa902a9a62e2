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

    /** Every hostname on the platform with the app that routes it. */
    public List<Owned> all(Connection c) throws SQLException {
        List<Owned> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT app_id, hostname FROM domains ORDER BY hostname");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                all.add(new Owned(Rows.uuid(rs, "app_id"), new Hostname(rs.getString("hostname"))));
            }
        }
        return all;
    }

    /** A hostname and the app that routes it. */
    public record Owned(UUID appId, Hostname hostname) {
    }

    /**
     * The hostnames of any app that overlap {@code name} ({@link paas.vocabulary.Hostname#overlaps}):
     * the name itself, the wildcard over it, or, for a wildcard, the names it covers.
     */
    public List<Owned> overlapping(Connection c, Hostname name) throws SQLException {
        paas.vocabulary.Hostname wanted = new paas.vocabulary.Hostname(name.value());
        String sql = "SELECT app_id, hostname FROM domains WHERE hostname = ? OR hostname = ?"
                + (wanted.isWildcard() ? " OR hostname LIKE ?" : "");
        List<Owned> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, wanted.value());
            ps.setString(2, wanted.wildcardOver().map(paas.vocabulary.Hostname::value).orElse(wanted.value()));
            if (wanted.isWildcard()) {
                // Hostnames hold only a-z, 0-9, '-', '.' and a leading '*': nothing LIKE treats specially.
                ps.setString(3, "%" + wanted.value().substring(1));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    paas.vocabulary.Hostname h = new paas.vocabulary.Hostname(rs.getString("hostname"));
                    if (h.overlaps(wanted)) {
                        found.add(new Owned(Rows.uuid(rs, "app_id"), new Hostname(h.value())));
                    }
                }
            }
        }
        return found;
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
