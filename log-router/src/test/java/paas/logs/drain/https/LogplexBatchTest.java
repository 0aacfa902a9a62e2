package paas.logs.drain.https;

import org.junit.jupiter.api.Test;
import paas.logs.LogLine;
import paas.logs.Source;
import paas.logs.drain.Batch;
import paas.logs.drain.syslog.SyslogFormat;
import paas.logs.testing.OctetFrames;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.logs.testing.Lines.line;

class LogplexBatchTest {
    private static final String TOKEN = "d.2f5c8a3e-9f6b-4c1d-8e7a-0b1c2d3e4f5a";

    @Test
    void bodyIsTheFramesBackToBackWithCountIdAndTokenHeaders() {
        List<LogLine> lines = IntStream.range(0, 3)
                .mapToObj(i -> line("myapp", i == 1 ? Source.ROUTER : Source.APP, i == 1 ? "router" : "web." + i, "msg " + i + " é"))
                .toList();
        LogplexBatch post = LogplexBatch.of(new Batch("frame-1", lines), TOKEN);

        assertThat(post.headers()).containsOnly(
                java.util.Map.entry("Content-Type", "application/logplex-1"),
                java.util.Map.entry("Logplex-Msg-Count", "3"),
                java.util.Map.entry("Logplex-Frame-Id", "frame-1"),
                java.util.Map.entry("Logplex-Drain-Token", TOKEN));
        assertThat(OctetFrames.parse(post.body()))
                .containsExactlyElementsOf(lines.stream().map(l -> SyslogFormat.message(l, TOKEN)).toList())
                .element(1).asString().contains(" router router - - msg 1 é");
    }
}
