package paas.process;

import org.junit.jupiter.api.Test;
import paas.vocabulary.DynoSize;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordsTest {
    static final Release R = new Release(1, "ab".repeat(32), Path.of("/s.tgz"), Map.of());

    @Test
    void invalidNamesAndValuesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> new DynoSpec("Bad_App", R, "web.1", "x", Map.of(), DynoSize.standard1x(), false))
                .hasMessageContaining("^[a-z][a-z0-9-]{1,29}$");
        assertThatThrownBy(() -> new DynoSpec("shop", R, "web.0", "x", Map.of(), DynoSize.standard1x(), false))
                .hasMessageContaining("TYPE.N");
        assertThatThrownBy(() -> new DynoSpec("shop", R, "web.1", "x", Map.of("1BAD", "v"), DynoSize.standard1x(), false))
                .hasMessageContaining("invalid config var name '1BAD'");
        assertThatThrownBy(() -> new DynoSpec("shop", R, "web.1", "x", Map.of("K", "a\0b"), DynoSize.standard1x(), false))
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> new ProcessFormation("web", -1, DynoSize.standard1x(), "x")).hasMessageContaining("outside 0..");
        assertThatThrownBy(() -> new ProcessFormation("run", 1, DynoSize.standard1x(), "x")).hasMessageContaining("cannot be scaled");
        assertThatThrownBy(() -> new OneOffSpec("shop", R, "web.1", "x", Map.of(), DynoSize.standard1x(), false))
                .hasMessageContaining("run.N");
        assertThatThrownBy(() -> new Release(1, "not-a-sha", Path.of("/s"), Map.of())).hasMessageContaining("sha256");
        assertThatThrownBy(() -> new DynoSize("standard-1x", 4, 1, 256)).hasMessageContaining("memory 4 MB");
    }

    @Test
    void collectionsAreCopiedAndOneOffEnvAddsToConfig() {
        Map<String, String> env = new HashMap<>(Map.of("A", "1"));
        Release r = new Release(2, "cd".repeat(32), Path.of("/s.tgz"), env);
        env.put("B", "2");
        assertThat(r.config()).containsOnlyKeys("A");
        DynoSpec spec = new OneOffSpec("shop", r, "run.9", "bash", Map.of("A", "override"), DynoSize.standard1x(), true).toDynoSpec();
        assertThat(spec.env()).containsEntry("A", "override");
        assertThat(spec.oneOff()).isTrue();
        assertThat(spec.web()).isFalse();
    }
}
