package paas.api.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Each place in the store that holds a secret: its table, the columns that name its row, the
 * column where a value written before secrets were sealed still waits in plaintext, and the
 * column with the sealed value. A row holds one of the two, never both: sealing it is one UPDATE
 * that fills the one and clears the other. The stores read and write through this, and
 * {@link SecretSweep} walks every entry, so a new kind of secret is one more constant here.
 */
enum SecretColumn {
    CONFIG_VAR("config_vars", List.of("app_id", "var_name"), "var_value", "var_sealed"),
    RELEASE_CONFIG_VAR("release_config_vars", List.of("release_id", "var_name"), "var_value", "var_sealed"),
    DRAIN_URL("log_drains", List.of("id"), "url", "url_sealed"),
    /** Never written in plaintext: {@code private_key} stays NULL, the column exists for this walk. */
    CERTIFICATE_KEY("certificates", List.of("id"), "private_key", "key_sealed"),
    PLATFORM_SECRET("platform_secrets", List.of("name"), "secret_value", "secret_sealed"),
    /** An add-on's service password; as with certificate keys, {@code password} stays NULL. */
    ADDON_PASSWORD("addons", List.of("id"), "password", "password_sealed");

    final String table;
    final List<String> identity;
    final String plainColumn;
    final String sealedColumn;

    SecretColumn(String table, List<String> identity, String plainColumn, String sealedColumn) {
        this.table = table;
        this.identity = identity;
        this.plainColumn = plainColumn;
        this.sealedColumn = sealedColumn;
    }

    /**
     * What a value is bound to: this column and its row. Sealed with it, a value copied into
     * another row (or another table) does not open there.
     */
    byte[] associatedData(List<?> row) {
        StringBuilder data = new StringBuilder(table).append('\0').append(sealedColumn);
        row.forEach(part -> data.append('\0').append(part));
        return data.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] seal(SecretBox box, String value, Object... row) {
        return box.seal(value, associatedData(List.of(row)));
    }

    /**
     * The value in the current row of {@code rs}, which selected {@link #plainColumn} and
     * {@link #sealedColumn}; {@code row} are its identity's values.
     *
     * @throws SecretBox.Unopenable naming the row (never the value) when it does not open
     */
    String read(ResultSet rs, SecretBox box, Object... row) throws SQLException {
        String plain = rs.getString(plainColumn);
        if (plain != null) {
            return plain; // written before secrets were sealed; the next start seals it
        }
        try {
            return box.openText(rs.getBytes(sealedColumn), associatedData(List.of(row)));
        } catch (SecretBox.Unopenable e) {
            throw new SecretBox.Unopenable("the " + sealedColumn + " of " + table + " row " + List.of(row)
                    + " cannot be opened: " + e.getMessage());
        }
    }

    /** {@code col = ? AND ...} over the identity columns. */
    String identityMatch() {
        return String.join(" = ? AND ", identity) + " = ?";
    }
}
