package paas.process.addons;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddonContainerSpecTest {
    static AddonContainerSpec spec(String id, String name, Map<String, String> env) {
        return new AddonContainerSpec(id, name, "postgresql", "small", "paas/addon-postgresql:latest", env,
                256L << 20, 5432);
    }

    @Test
    void namesThatCannotBeEngineObjectNamesOrHostNamesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> spec("id-1", "Bad_Name", Map.of())).hasMessageContaining("add-on name 'Bad_Name'")
                .hasMessageContaining("^[a-z][a-z0-9-]{0,50}[a-z0-9]$");
        assertThatThrownBy(() -> spec("id-1", "db-", Map.of())).hasMessageContaining("add-on name");
        assertThatThrownBy(() -> spec("id-1", "a".repeat(53), Map.of())).hasMessageContaining("add-on name");
        assertThatThrownBy(() -> spec("../etc", "db", Map.of())).hasMessageContaining("add-on id '../etc'");
        assertThatThrownBy(() -> spec("id-1", "db", Map.of("PAAS ADDON", "x"))).hasMessageContaining("'PAAS ADDON'");
        assertThatThrownBy(() -> spec("id-1", "db", Map.of("K", "a\0b"))).hasMessageContaining("NUL");
        assertThatThrownBy(() -> new AddonContainerSpec("id-1", "db", "postgresql", "small", "paas/x --privileged",
                Map.of(), 1, 5432)).hasMessageContaining("without spaces");
        assertThatThrownBy(() -> new AddonContainerSpec("id-1", "db", "Postgres!", "small", "paas/x", Map.of(), 1, 5432))
                .hasMessageContaining("add-on kind");
    }

    @Test
    void aValidSpecKeepsACopyOfItsEnvironment() {
        Map<String, String> env = new HashMap<>(Map.of("PAAS_ADDON_PASSWORD", "s3cr3t"));
        AddonContainerSpec s = spec("4f1c2a9e-0000-4000-8000-000000000001", "postgresql-curved-12345", env);
        env.put("LATER", "x");
        assertThat(s.environment()).containsOnlyKeys("PAAS_ADDON_PASSWORD");
    }
}
