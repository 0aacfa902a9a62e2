package paas.api.store;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {
    private final Path dataDir = Path.of("/var/lib/paas");

    @Test
    void emptyMeansTheEmbeddedFileInTheDataDir() {
        DatabaseUrl url = DatabaseUrl.parse("", dataDir);
        assertThat(url.jdbcUrl()).startsWith("jdbc:h2:async:/var/lib/paas/paas;").contains("WRITE_DELAY=0");
        assertThat(url.isEmbedded()).isTrue();
    }

    @Test
    void herokuStylePostgresUrlBecomesJdbcWithDecodedCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://us%40er:p%3Ass@db.internal:6543/paas?sslmode=require", dataDir);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/paas?sslmode=require");
        assertThat(url.user()).isEqualTo("us@er");
        assertThat(url.password()).isEqualTo("p:ss");
        assertThat(url.isEmbedded()).isFalse();
        assertThat(DatabaseUrl.parse("postgresql://h/db", dataDir).jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void otherSchemesAndIncompleteUrlsAreRefusedWithTheAcceptedForms() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://h/db", dataDir)).hasMessageContaining("postgres://USER");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h", dataDir)).hasMessageContaining("database name");
        assertThatThrownBy(() -> DatabaseUrl.parse("postgres://h:x/db", dataDir)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void redactedFormHidesPasswords() {
        assertThat(new DatabaseUrl("jdbc:postgresql://h/db?user=u&password=secret", null, null).redacted())
                .doesNotContain("secret");
    }
}
