package paas.process.adapter;

import org.junit.jupiter.api.Test;
import paas.process.DynoSpec;
import paas.process.Release;
import paas.vocabulary.DynoSize;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DynoLaunchTest {
    @Test
    void configVarsCannotOverridePortOrDyno() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("SECRET", "s");
        config.put("PORT", "1");
        config.put("DYNO", "x");
        DynoSpec spec = new DynoSpec("shop", new Release(1, "ab".repeat(32), Path.of("/slugs/x.tgz"), config), "web.2",
                "bin/web", config, DynoSize.standard1x(), false);

        assertThat(DynoLaunch.environment(spec, 5000))
                .isEqualTo(Map.of("SECRET", "s", "PORT", "5000", "DYNO", "web.2"));
    }

    @Test
    void theCommandRunsThroughBashAfterProfileD() {
        assertThat(DynoLaunch.command("exec bin/web")).hasSize(3).startsWith("bash", "-c")
                .last().asString().startsWith("for f in .profile.d/*.sh;").endsWith("; exec bin/web");
    }
}
