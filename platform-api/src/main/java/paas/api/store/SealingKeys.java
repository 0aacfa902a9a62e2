package paas.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;

/**
 * The platform keys that may have sealed a value in this store (table {@code sealing_keys}, by
 * id). A key is recorded, and committed, before it seals anything, and removed only once no value
 * is sealed with it any more; so a start with a key set that lacks one of them is refused before
 * any request reads a value it cannot open, even when no such value has been read yet.
 */
final class SealingKeys {
    private SealingKeys() {
    }

    /** @throws UnknownKeyException when a recorded key is not among the box's keys */
    static void requireOpenable(Connection c, SecretBox box) throws SQLException {
        Set<String> missing = new TreeSet<>(recorded(c));
        missing.removeAll(box.keyIds());
        if (!missing.isEmpty()) {
            throw new UnknownKeyException(missing, box.keyIds());
        }
    }

    static void record(Connection c, PlatformKey key) throws SQLException {
        if (recorded(c).contains(key.id())) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sealing_keys (key_id, added_at) VALUES (?, ?)")) {
            ps.setString(1, key.id());
            Rows.setInstant(ps, 2, Rows.now());
            ps.executeUpdate();
        }
    }

    /** Forgets every key but {@code kept}; only once no value is sealed with another one. */
    static Set<String> retireAllBut(Connection c, PlatformKey kept) throws SQLException {
        Set<String> retired = new TreeSet<>(recorded(c));
        retired.remove(kept.id());
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sealing_keys WHERE key_id <> ?")) {
            ps.setString(1, kept.id());
            ps.executeUpdate();
        }
        return retired;
    }

    private static Set<String> recorded(Connection c) throws SQLException {
        return new TreeSet<>(Rows.strings(c, "SELECT key_id FROM sealing_keys"));
    }
}
