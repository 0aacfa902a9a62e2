package paas.api.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store keeps what it committed while other threads are interrupted in the middle
 * of their reads, as paasd's stream and run sessions are when their clients leave. With H2's
 * default file system this failed: the interrupt closed the file under every connection, and
 * writes after it no longer reached the disk.
 */
class DatabaseDurabilityTest {
    static final int WRITES = 60;

    @Test
    void writesReachTheFileWhileReadersAreInterrupted(@TempDir Path dataDir) throws Exception {
        SecretBox secrets = TestSecrets.box(); // one key for every open of the same store
        DatabaseUrl url = DatabaseUrl.embedded(dataDir);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        try (Database db = Database.open(url, secrets)) {
            db.inTransaction(c -> {
                c.createStatement().execute("CREATE TABLE probe (id INT PRIMARY KEY, v INT)");
                c.createStatement().execute("INSERT INTO probe VALUES (1, 0)");
                // Enough rows that a reader spends its time in file reads, where interrupts land.
                c.createStatement().execute("CREATE TABLE bulk AS SELECT X id, REPEAT('x', 400) s FROM SYSTEM_RANGE(1, 100000)");
                return null;
            });
            for (int i = 0; i < 3; i++) {
                Thread reader = Thread.ofPlatform().daemon().start(() -> {
                    while (!stop.get()) {
                        try {
                            db.inTransaction(c -> c.createStatement().executeQuery(
                                    "SELECT COUNT(*), MAX(LENGTH(s)) FROM bulk WHERE MOD(id, 7) = 3").next());
                        } catch (RuntimeException expected) {
                            // an interrupted read may fail; that is the reader's business
                        }
                        Thread.interrupted();
                    }
                });
                threads.add(reader);
                threads.add(Thread.ofPlatform().daemon().start(() -> {
                    while (!stop.get()) {
                        try {
                            Thread.sleep(3);
                        } catch (InterruptedException e) {
                            return;
                        }
                        reader.interrupt();
                    }
                }));
            }
            for (int v = 1; v <= WRITES; v++) {
                int value = v;
                db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE probe SET v = ? WHERE id = 1")) {
                        ps.setInt(1, value);
                        return ps.executeUpdate();
                    }
                });
                Thread.sleep(10);
            }
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
        try (Database reopened = Database.open(url, secrets)) {
            int stored = reopened.inTransaction(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT v FROM probe WHERE id = 1")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(stored).isEqualTo(WRITES);
        }
    }
}
