package paas.api.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a {@code kill -9} leaves of the embedded store opens with every commit made before it.
 * H2 writes a commit's chunk straight to the file, so a copy of the file taken right after a
 * commit is what a killed paasd leaves on disk.
 *
 * <p>Without {@link EmbeddedStoreRecovery} this fails as soon as H2 puts a chunk into space
 * freed by older chunks: H2 2.5 then rewrites the file header pointing at the chunk before it,
 * whose "next" pointer names the end of the file, so opening the copy stops at that older chunk
 * and every later commit is gone.
 */
class CrashRecoveryTest {
    static final int COMMITS = 120;

    @Test
    void everyCommitSurvivesAnUncleanStop(@TempDir Path live, @TempDir Path crashed) throws Exception {
        SecretBox secrets = TestSecrets.box(); // one key for every open of the same store
        try (Database db = Database.open(DatabaseUrl.embedded(live), secrets)) {
            db.inTransaction(c -> {
                // Old chunks become free at once, so H2 reuses file space within this test,
                // as it does in paasd after its default 45 s.
                c.createStatement().execute("SET RETENTION_TIME 0");
                c.createStatement().execute("CREATE TABLE probe (id INT PRIMARY KEY, v INT)");
                c.createStatement().execute("INSERT INTO probe VALUES (1, 0)");
                return null;
            });
            for (int v = 1; v <= COMMITS; v++) {
                int value = v;
                db.inTransaction(c -> {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE probe SET v = ? WHERE id = 1")) {
                        ps.setInt(1, value);
                        return ps.executeUpdate();
                    }
                });
                Files.copy(live.resolve("paas.mv.db"), crashed.resolve("paas.mv.db"),
                        StandardCopyOption.REPLACE_EXISTING);
                try (Database reopened = Database.open(DatabaseUrl.embedded(crashed), secrets)) {
                    assertThat(probe(reopened)).as("value after commit %d and an unclean stop", value)
                            .isEqualTo(value);
                }
            }
        }
    }

    private static int probe(Database db) {
        return db.inTransaction(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT v FROM probe WHERE id = 1")) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
    }
}
