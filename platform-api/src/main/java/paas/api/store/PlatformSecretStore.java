package paas.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The platform's own secrets by name (the ACME account key, the fallback certificate and its key),
 * sealed as users' secrets are ({@link SecretColumn#PLATFORM_SECRET}).
 */
public final class PlatformSecretStore {
    private final SecretBox secrets;

    public PlatformSecretStore(SecretBox secrets) {
        this.secrets = secrets;
    }

    public Optional<String> get(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT secret_value, secret_sealed FROM platform_secrets WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(SecretColumn.PLATFORM_SECRET.read(rs, secrets, name)) : Optional.empty();
            }
        }
    }

    /** Stores {@code value} under {@code name}, in place of any value it had. */
    public void put(Connection c, String name, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM platform_secrets WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO platform_secrets (name, secret_sealed, updated_at) VALUES (?, ?, ?)")) {
            ps.setString(1, name);
            ps.setBytes(2, SecretColumn.PLATFORM_SECRET.seal(secrets, value, name));
            Rows.setInstant(ps, 3, Rows.now());
            ps.executeUpdate();
        }
    }
}
