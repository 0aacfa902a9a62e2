package paas.api.store;

import paas.api.domain.Certificate;
import paas.api.domain.PlatformException;
import paas.api.domain.TlsSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Apps' certificates, their private keys sealed ({@link SecretColumn#CERTIFICATE_KEY}), and the
 * apps' TLS settings. Methods run on the caller's connection, inside its transaction.
 */
public final class CertificateStore {
    private static final String COLUMNS = "id, app_id, name, chain_pem, hostnames, subject, issuer, trusted,"
            + " not_before, not_after, source, created_at, updated_at";

    private final SecretBox secrets;

    public CertificateStore(SecretBox secrets) {
        this.secrets = secrets;
    }

    /** A certificate with its private key (PEM), for the router only. */
    public record Keyed(Certificate certificate, String keyPem) {
    }

    public List<Certificate> list(Connection c, UUID appId) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM certificates WHERE app_id = ? ORDER BY created_at, name", appId);
    }

    /** The app's certificate named {@code idOrName} (its name or its id). */
    public Optional<Certificate> find(Connection c, UUID appId, String idOrName) throws SQLException {
        return list(c, appId).stream()
                .filter(cert -> cert.name().equals(idOrName) || cert.id().toString().equals(idOrName))
                .findFirst();
    }

    /** Every certificate on the platform with its key, opened. */
    public List<Keyed> allKeyed(Connection c) throws SQLException {
        List<Keyed> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + ", private_key, key_sealed FROM certificates ORDER BY created_at")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Certificate cert = read(rs);
                    all.add(new Keyed(cert, SecretColumn.CERTIFICATE_KEY.read(rs, secrets, cert.id())));
                }
            }
        }
        return all;
    }

    public void insert(Connection c, Certificate cert, String keyPem) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO certificates (" + COLUMNS
                + ", key_sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, cert.id());
            ps.setObject(2, cert.appId());
            ps.setString(3, cert.name());
            setContent(ps, 4, cert);
            Rows.setInstant(ps, 12, cert.createdAt());
            Rows.setInstant(ps, 13, cert.updatedAt());
            ps.setBytes(14, SecretColumn.CERTIFICATE_KEY.seal(secrets, keyPem, cert.id()));
            ps.executeUpdate();
        } catch (SQLException e) {
            if (StoreException.isUniqueViolation(e)) {
                throw new PlatformException.Conflict("a certificate named " + cert.name() + " exists already");
            }
            throw e;
        }
    }

    /** Replaces the chain and key of {@code cert} (same id and name). */
    public void replace(Connection c, Certificate cert, String keyPem) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE certificates SET chain_pem = ?, hostnames = ?,"
                + " subject = ?, issuer = ?, trusted = ?, not_before = ?, not_after = ?, source = ?, updated_at = ?,"
                + " private_key = NULL, key_sealed = ? WHERE id = ?")) {
            setContent(ps, 1, cert);
            Rows.setInstant(ps, 9, cert.updatedAt());
            ps.setBytes(10, SecretColumn.CERTIFICATE_KEY.seal(secrets, keyPem, cert.id()));
            ps.setObject(11, cert.id());
            ps.executeUpdate();
        }
    }

    public void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM certificates WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    public TlsSettings settings(Connection c, UUID appId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT acm, https_only FROM apps WHERE id = ?")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new TlsSettings(rs.getBoolean(1), rs.getBoolean(2)) : new TlsSettings(false, false);
            }
        }
    }

    public void setSettings(Connection c, UUID appId, TlsSettings settings) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE apps SET acm = ?, https_only = ? WHERE id = ?")) {
            ps.setBoolean(1, settings.acm());
            ps.setBoolean(2, settings.httpsOnly());
            ps.setObject(3, appId);
            ps.executeUpdate();
        }
    }

    /** The ids of the apps with automated certificate management on. */
    public List<UUID> acmApps(Connection c) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM apps WHERE acm = TRUE ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                ids.add(Rows.uuid(rs, "id"));
            }
        }
        return ids;
    }

    private static void setContent(PreparedStatement ps, int first, Certificate cert) throws SQLException {
        ps.setString(first, cert.chainPem());
        ps.setString(first + 1, String.join(",", cert.hostnames()));
        ps.setString(first + 2, cert.subject());
        ps.setString(first + 3, cert.issuer());
        ps.setBoolean(first + 4, cert.trusted());
        Rows.setInstant(ps, first + 5, cert.notBefore());
        Rows.setInstant(ps, first + 6, cert.notAfter());
        ps.setString(first + 7, cert.source().name());
    }

    private List<Certificate> query(Connection c, String sql, UUID appId) throws SQLException {
        List<Certificate> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(read(rs));
                }
            }
        }
        return found;
    }

    private static Certificate read(ResultSet rs) throws SQLException {
        String hostnames = rs.getString("hostnames");
        return new Certificate(Rows.uuid(rs, "id"), Rows.uuid(rs, "app_id"), rs.getString("name"),
                rs.getString("chain_pem"), hostnames.isEmpty() ? List.of() : Arrays.asList(hostnames.split(",")),
                rs.getString("subject"), rs.getString("issuer"), rs.getBoolean("trusted"),
                Rows.instant(rs, "not_before"), Rows.instant(rs, "not_after"),
                Certificate.Source.valueOf(rs.getString("source")), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
