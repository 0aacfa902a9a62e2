package paas.api.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedStoreRecoveryTest {

    @Test
    void findsTheFileBehindEveryOnDiskH2Url() {
        assertThat(EmbeddedStoreRecovery.fileOf("jdbc:h2:async:/data/paas;WRITE_DELAY=0"))
                .contains(Path.of("/data/paas.mv.db"));
        assertThat(EmbeddedStoreRecovery.fileOf("jdbc:h2:file:/data/x")).contains(Path.of("/data/x.mv.db"));
        assertThat(EmbeddedStoreRecovery.fileOf("jdbc:h2:/data/y;MODE=PostgreSQL")).contains(Path.of("/data/y.mv.db"));
        assertThat(EmbeddedStoreRecovery.fileOf("jdbc:h2:nio:/data/z")).contains(Path.of("/data/z.mv.db"));
        assertThat(EmbeddedStoreRecovery.fileOf("jdbc:h2:mem:test")).isEqualTo(Optional.empty());
        assertThat(EmbeddedStoreRecovery.fileOf("jdbc:h2:tcp://db/paas")).isEmpty();
        assertThat(EmbeddedStoreRecovery.fileOf("jdbc:postgresql://db/paas")).isEmpty();
    }

    @Test
    void aStoreInUseIsNamedAndLeftAlone(@TempDir Path dataDir) {
        try (Database open = Database.open(DatabaseUrl.embedded(dataDir), TestSecrets.box())) {
            assertThatThrownBy(() -> EmbeddedStoreRecovery.recover(dataDir.resolve("paas.mv.db")))
                    .isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("in use by another process")
                    .hasMessageContaining("PAAS_DATA_DIR");
            boolean stillServes = open.inTransaction(c -> c.createStatement().executeQuery("SELECT 1").next());
            assertThat(stillServes).isTrue();
        }
    }

    @Test
    void aMissingFileIsANewStore(@TempDir Path dataDir) {
        EmbeddedStoreRecovery.recover(dataDir.resolve("paas.mv.db"));
        assertThat(dataDir.resolve("paas.mv.db")).doesNotExist();
    }
}
