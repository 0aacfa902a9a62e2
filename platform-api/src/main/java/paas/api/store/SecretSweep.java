package paas.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Walks every secret in the store ({@link SecretColumn}) to seal what is still plaintext, or to
 * re-seal everything with the sealing key of a key rotation. It goes in batches in the order of
 * each table's key, each batch its own committed transaction, so a {@code kill -9} loses at most
 * the batch in flight: every row is at all times either plaintext or sealed with a key the store
 * has recorded ({@link SealingKeys}), and running the sweep again finishes the job.
 */
public final class SecretSweep {
    private static final int BATCH = 200;

    private final Database db;
    private final SecretBox box;

    public SecretSweep(Database db) {
        this.db = db;
        this.box = db.secrets();
    }

    /** What a rotation did: values re-sealed, and the ids of the keys no value needs any more. */
    public record Rotated(int resealed, Set<String> retired) {
    }

    /** Seals every value still in plaintext (written before secrets were sealed); answers how many. */
    int sealPlaintext() {
        int sealed = 0;
        for (SecretColumn column : SecretColumn.values()) {
            sealed += walk(column, column.plainColumn + " IS NOT NULL", (c, row) -> {
                update(c, column, row, column.seal(box, row.plain(), row.identity().toArray()));
                return 1;
            });
        }
        return sealed;
    }

    /**
     * Re-seals every value with the box's sealing key, checks that none is left under another key
     * (none was written meanwhile by a paasd that should have been stopped), and only then forgets
     * the other keys.
     *
     * @throws StoreException when values sealed with another key remain
     */
    public Rotated reseal() {
        String sealing = box.sealingKey().id();
        int resealed = 0;
        for (SecretColumn column : SecretColumn.values()) {
            resealed += walk(column, null, (c, row) -> {
                if (row.plain() == null && SecretBox.keyIdOf(row.sealed()).equals(sealing)) {
                    return 0;
                }
                String value = row.plain() != null ? row.plain()
                        : box.openText(row.sealed(), column.associatedData(row.identity()));
                update(c, column, row, column.seal(box, value, row.identity().toArray()));
                return 1;
            });
        }
        int left = 0;
        for (SecretColumn column : SecretColumn.values()) {
            left += walk(column, null, (c, row) ->
                    row.plain() != null || !SecretBox.keyIdOf(row.sealed()).equals(sealing) ? 1 : 0);
        }
        if (left > 0) {
            throw new StoreException(left + " value(s) were written with another key while the keys rotated: stop"
                    + " every paasd that uses this store, then run `paasd rotate-key` again", null);
        }
        Set<String> retired = db.inTransaction(c -> SealingKeys.retireAllBut(c, box.sealingKey()));
        return new Rotated(resealed, retired);
    }

    private record Row(List<Object> identity, String plain, byte[] sealed) {
    }

    @FunctionalInterface
    private interface RowWork {
        int apply(Connection c, Row row) throws SQLException;
    }

    /**
     * Applies {@code work} to each row of {@code column} matching {@code condition} (SQL, or null
     * for every row), one committed transaction per batch; answers the sum of what it returned.
     */
    private int walk(SecretColumn column, String condition, RowWork work) {
        int total = 0;
        List<Object> after = null;
        while (true) {
            List<Object> from = after;
            AtomicReference<List<Object>> last = new AtomicReference<>();
            total += db.inTransaction(c -> {
                int done = 0;
                for (Row row : page(c, column, condition, from)) {
                    done += work.apply(c, row);
                    last.set(row.identity());
                }
                return done;
            });
            if (last.get() == null) {
                return total;
            }
            after = last.get();
        }
    }

    private static List<Row> page(Connection c, SecretColumn column, String condition, List<Object> after)
            throws SQLException {
        String key = String.join(", ", column.identity);
        List<String> where = new ArrayList<>();
        if (condition != null) {
            where.add(condition);
        }
        if (after != null) {
            where.add("(" + key + ") > (" + String.join(", ", Collections.nCopies(after.size(), "?")) + ")");
        }
        String sql = "SELECT " + key + ", " + column.plainColumn + ", " + column.sealedColumn + " FROM " + column.table
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY " + key + " FETCH FIRST " + BATCH + " ROWS ONLY";
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; after != null && i < after.size(); i++) {
                ps.setObject(i + 1, after.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> identity = new ArrayList<>();
                    for (String name : column.identity) {
                        identity.add(rs.getObject(name));
                    }
                    rows.add(new Row(List.copyOf(identity), rs.getString(column.plainColumn),
                            rs.getBytes(column.sealedColumn)));
                }
            }
        }
        return rows;
    }

    /** One statement fills the sealed column and clears the plaintext one: the row is never without its value. */
    private static void update(Connection c, SecretColumn column, Row row, byte[] sealed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + column.table + " SET " + column.sealedColumn
                + " = ?, " + column.plainColumn + " = NULL WHERE " + column.identityMatch())) {
            ps.setBytes(1, sealed);
            for (int i = 0; i < row.identity().size(); i++) {
                ps.setObject(i + 2, row.identity().get(i));
            }
            ps.executeUpdate();
        }
    }
}
