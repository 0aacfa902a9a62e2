package paas.builder.buildpack;

import org.junit.jupiter.api.Test;
import paas.builder.BuildFailedException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessTypesTest {
    @Test
    void procfileWinsPerTypeAndDefaultsItDoesNotMentionStay() throws BuildFailedException {
        List<String> out = new ArrayList<>();
        Map<String, String> types = ProcessTypes.merge(
                Optional.of("web: node server.js\nworker: node worker.js\n".getBytes(StandardCharsets.UTF_8)),
                Map.of("web", "npm start", "console", "node"), out::add);
        assertThat(types).containsOnly(Map.entry("web", "node server.js"), Map.entry("worker", "node worker.js"),
                Map.entry("console", "node"));
        assertThat(out).contains("-----> Discovering process types", "       Procfile declares types     -> web, worker");
    }

    @Test
    void withoutProcfileTheDefaultsAreTheTypes() throws BuildFailedException {
        List<String> out = new ArrayList<>();
        assertThat(ProcessTypes.merge(Optional.empty(), Map.of("web", "npm start"), out::add))
                .containsOnly(Map.entry("web", "npm start"));
        assertThat(out).contains("       Default types for buildpack -> web");
        assertThat(ProcessTypes.merge(Optional.empty(), Map.of(), out::add)).isEmpty();
        assertThat(out).anySatisfy(l -> assertThat(l).contains("No process types"));
    }

    @Test
    void badProcfileFailsWithItsLineNumber() {
        assertThatThrownBy(() -> ProcessTypes.merge(Optional.of("web: ok\nbad line\n".getBytes(StandardCharsets.UTF_8)),
                Map.of(), l -> { })).hasMessageContaining("Procfile line 2");
    }
}
