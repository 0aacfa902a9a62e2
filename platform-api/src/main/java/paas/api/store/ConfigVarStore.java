package paas.api.store;

import paas.api.domain.ConfigVars;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * An app's current config vars, their values sealed ({@link SecretColumn#CONFIG_VAR}). Callers
 * hold the app's lock when they replace them.
 */
public final class ConfigVarStore {
    private final SecretBox secrets;

    public ConfigVarStore(SecretBox secrets) {
        this.secrets = secrets;
    }

    public ConfigVars load(Connection c, UUID appId) throws SQLException {
        Map<String, String> values = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT var_name, var_value, var_sealed FROM config_vars WHERE app_id = ?")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("var_name");
                    values.put(name, SecretColumn.CONFIG_VAR.read(rs, secrets, appId, name));
                }
            }
        }
        return new ConfigVars(values);
    }

    public void replace(Connection c, UUID appId, ConfigVars config) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM config_vars WHERE app_id = ?")) {
            ps.setObject(1, appId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO config_vars (app_id, var_name, var_sealed) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : config.values().entrySet()) {
                ps.setObject(1, appId);
                ps.setString(2, e.getKey());
                ps.setBytes(3, SecretColumn.CONFIG_VAR.seal(secrets, e.getValue(), appId, e.getKey()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
