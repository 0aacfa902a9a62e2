package paas.builder.buildpack;

import org.junit.jupiter.api.Test;
import paas.builder.BuildFailedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcfileTest {
    @Test
    void typesAreReadInOrderSkippingCommentsAndBlankLines() throws BuildFailedException {
        String text = "\uFEFF# processes\r\nweb: node server.js --port $PORT\r\n\r\n   # indented comment\n"
                + "worker:bundle exec sidekiq -c 5\nrelease_phase-2:   ./migrate  \n";
        assertThat(Procfile.parse(text)).containsExactly(
                java.util.Map.entry("web", "node server.js --port $PORT"),
                java.util.Map.entry("worker", "bundle exec sidekiq -c 5"),
                java.util.Map.entry("release_phase-2", "./migrate"));
    }

    @Test
    void badLineFailsWithItsNumber() {
        assertThatThrownBy(() -> Procfile.parse("web: ok\n# fine\nthis is not a process line\n"))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("Procfile line 3")
                .hasMessageContaining("'this is not a process line'");
        assertThatThrownBy(() -> Procfile.parse("web.1: x")).hasMessageContaining("Procfile line 1");
        assertThatThrownBy(() -> Procfile.parse("web:")).hasMessageContaining("Procfile line 1");
        assertThatThrownBy(() -> Procfile.parse("\n\n  web: indented")).hasMessageContaining("Procfile line 3");
    }

    @Test
    void duplicateTypeFailsWithTheSecondLine() {
        assertThatThrownBy(() -> Procfile.parse("web: a\nworker: b\nweb: c\n"))
                .hasMessageContaining("Procfile line 3 declares 'web' a second time");
    }

    @Test
    void invalidUtf8IsRefused() {
        assertThatThrownBy(() -> Procfile.parse(new byte[]{'w', 'e', 'b', ':', ' ', (byte) 0xff}))
                .hasMessageContaining("UTF-8");
    }

    @Test
    void emptyProcfileDeclaresNothing() throws BuildFailedException {
        assertThat(Procfile.parse("# nothing\n\n")).isEmpty();
    }
}
