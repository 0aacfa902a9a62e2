package paas.builder.docker;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutputLinesTest {
    @Test
    void chunksAreCutIntoLinesAcrossFrameBoundaries() {
        List<String> got = new ArrayList<>();
        OutputLines lines = new OutputLines(got::add);
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        lines.accept("-----> Node.js app de".getBytes(StandardCharsets.UTF_8));
        assertThat(got).isEmpty();
        lines.accept("tected\r\n       detail\n".getBytes(StandardCharsets.UTF_8));
        lines.accept(new byte[]{'p', euro[0]});
        lines.accept(new byte[]{euro[1], euro[2], '\n', 't', 'a', 'i', 'l'});
        lines.flush();
        assertThat(got).containsExactly("-----> Node.js app detected", "       detail", "p€", "tail");
    }

    @Test
    void overlongLinesAreCut() {
        List<String> got = new ArrayList<>();
        OutputLines lines = new OutputLines(got::add);
        lines.accept("x".repeat(OutputLines.MAX_LINE_BYTES + 5).getBytes(StandardCharsets.UTF_8));
        lines.flush();
        assertThat(got).hasSize(2);
        assertThat(got.get(0)).hasSize(OutputLines.MAX_LINE_BYTES);
    }

    @Test
    void durationsAreFormattedTheWayUsersWriteThem() {
        assertThat(DockerBuildRunner.format(Duration.ofMinutes(15))).isEqualTo("15m");
        assertThat(DockerBuildRunner.format(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(DockerBuildRunner.format(Duration.ofSeconds(5430))).isEqualTo("1h30m30s");
        assertThat(DockerBuildRunner.format(Duration.ofMillis(250))).isEqualTo("250ms");
    }
}
