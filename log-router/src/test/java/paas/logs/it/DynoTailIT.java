package paas.logs.it;

import org.junit.jupiter.api.Test;
import paas.logs.DynoOutput;
import paas.logs.LogLine;
import paas.logs.LogRouterConfig;
import paas.logs.router.MemoryLogRouter;
import paas.logs.Tail;
import paas.logs.TailRequest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real process's stdout through DynoOutput, and a tail opened while it is still writing. */
class DynoTailIT {
    private static final int LINES = 30_000;

    @Test
    void tailStartedMidStreamSeesHistoryThenLiveLinesWithNoGap() throws Exception {
        try (MemoryLogRouter router = new MemoryLogRouter(LogRouterConfig.builder().tailBufferLines(LINES).build())) {
            // Bursts of 100 numbered lines with pauses: about 2 s of steady output.
            Process dyno = new ProcessBuilder(List.of("sh", "-c",
                    "i=0; while [ $i -lt " + LINES + " ]; do seq $i $((i+99)); i=$((i+100)); sleep 0.005; done"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Thread pump = Thread.ofVirtual().start(() -> {
                try (DynoOutput out = DynoOutput.forDyno(router, "myapp", "web.1")) {
                    out.pump(dyno.getInputStream());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            // The newest line held tells how far the dyno got: open the tail once it is well under way.
            AtomicInteger newest = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
                Tail peek = router.tail(TailRequest.of("myapp").withLines(1));
                Optional<LogLine> last = peek.poll(Duration.ZERO);
                newest.set(last.map(l -> Integer.parseInt(l.text())).orElse(0));
                return newest.get() >= 5_000;
            });
            int seenBeforeTail = newest.get();
            try (Tail tail = router.tail(TailRequest.of("myapp").withLines(1500).withFollow(true))) {
                int first = -1;
                int next = -1;
                int count = 0;
                while (next < LINES) {
                    Optional<LogLine> line = tail.poll(Duration.ofSeconds(10));
                    assertThat(line).as("line after %d", next - 1).isPresent();
                    int n = Integer.parseInt(line.get().text());
                    if (first < 0) {
                        first = n;
                    } else {
                        assertThat(n).as("no gap, no duplicate").isEqualTo(next);
                    }
                    next = n + 1;
                    count++;
                    if (n == LINES - 1) {
                        break;
                    }
                }
                // History: the 1500 lines before the tail opened, which was after line seenBeforeTail;
                // live: everything after them, while the process was still writing.
                assertThat(first).as("history starts within the last 1500 lines").isGreaterThanOrEqualTo(seenBeforeTail - 1499);
                assertThat(first).as("opened mid-stream").isLessThan(LINES - 1500);
                assertThat(next).isEqualTo(LINES);
                assertThat(count).as("history then live").isEqualTo(LINES - first).isGreaterThan(1500);
                assertThat(tail.poll(Duration.ofMillis(20))).isEmpty();
            }
            assertThat(dyno.waitFor(30, TimeUnit.SECONDS)).isTrue();
            pump.join(10_000);
        }
    }
}
