package paas.logs;

import org.junit.jupiter.api.Test;
import paas.logs.router.MemoryLogRouter;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.logs.testing.Lines.drain;
import static paas.logs.testing.Lines.texts;

class DynoOutputTest {

    /** Counts what a router is given, keeping nothing. */
    private static final class CountingRouter implements LogRouter {
        long lines;
        long bytes;
        int longest;
        final List<String> firstFew = new ArrayList<>();

        @Override
        public void publish(LogLine line) {
            lines++;
            int n = line.text().getBytes(StandardCharsets.UTF_8).length;
            bytes += n;
            longest = Math.max(longest, n);
            if (firstFew.size() < 3) {
                firstFew.add(line.text().substring(0, Math.min(5, line.text().length())));
            }
        }

        @Override public Tail tail(TailRequest request) { throw new UnsupportedOperationException(); }
        @Override public void setDrains(String app, List<Drain> drains) { throw new UnsupportedOperationException(); }
        @Override public List<DrainStatus> drainStatus(String app) { return List.of(); }
        @Override public void removeApp(String app) { }
        @Override public void close() { }
    }

    /** 1 GiB of one character and then a newline, generated as it is read. */
    private static final class OneHugeLine extends InputStream {
        private long left = (1L << 30);
        private boolean newlineSent;

        @Override
        public int read() {
            throw new UnsupportedOperationException("read in chunks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                if (newlineSent) {
                    return -1;
                }
                newlineSent = true;
                b[off] = '\n';
                return 1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, (byte) 'z');
            left -= n;
            return n;
        }
    }

    @Test
    void aOneGigabyteLineIsPublishedIn10000BytePiecesWithinASmallHeap() throws Exception {
        // Surefire runs this module with -Xmx256m: holding the line would fail with OutOfMemoryError.
        CountingRouter router = new CountingRouter();
        DynoOutput out = DynoOutput.forDyno(router, "myapp", "web.1");
        long read = out.pump(new OneHugeLine());
        assertThat(read).isEqualTo((1L << 30) + 1);
        assertThat(router.bytes).isEqualTo(1L << 30);
        assertThat(router.longest).isEqualTo(10_000);
        assertThat(router.lines).isEqualTo(((1L << 30) + 9_999) / 10_000);
    }

    @Test
    void pumpPublishesEachLineWithAppSourceAndDyno() throws Exception {
        try (MemoryLogRouter router = new MemoryLogRouter(LogRouterConfig.defaults())) {
            DynoOutput out = new DynoOutput(router, "myapp", Source.BUILD, "build", Clock.systemUTC());
            out.pump(new ByteArrayInputStream("-----> Building\r\nstep \u00ff\nno newline at end".getBytes(StandardCharsets.ISO_8859_1)));
            List<LogLine> lines = drain(router.tail(TailRequest.of("myapp")), Duration.ofMillis(50));
            assertThat(texts(lines)).containsExactly("-----> Building", "step \uFFFD", "no newline at end");
            assertThat(lines).allSatisfy(l -> {
                assertThat(l.source()).isEqualTo(Source.BUILD);
                assertThat(l.dyno()).isEqualTo("build");
            });
        }
    }
}
