package paas.logs;

import org.junit.jupiter.api.Test;
import paas.logs.router.MemoryLogRouter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.logs.testing.Lines.app;

/**
 * Many threads publish numbered lines while tails open: each tail must see, for every publisher,
 * a contiguous run of numbers ending at the last one published, with no gap and no duplicate
 * where its history meets its live lines.
 */
class TailConsistencyTest {
    private static final int PUBLISHERS = 4;
    private static final int PER_PUBLISHER = 10_000;
    private static final int TAILS = 24;

    @Test
    void tailsOpenedDuringConcurrentPublishingSeeEveryLineExactlyOnce() throws Exception {
        // Buffers large enough that no tail loses lines: any gap would be the router's fault.
        try (MemoryLogRouter router = new MemoryLogRouter(LogRouterConfig.builder()
                .tailBufferLines(PUBLISHERS * (PER_PUBLISHER + 1)).build())) {
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger published = new AtomicInteger();
            List<Thread> publishers = new ArrayList<>();
            for (int p = 0; p < PUBLISHERS; p++) {
                String dyno = "web." + (p + 1);
                publishers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < PER_PUBLISHER; i++) {
                        router.publish(app("myapp", dyno, Integer.toString(i)));
                        published.incrementAndGet();
                    }
                }));
            }
            List<Tail> tails = new ArrayList<>();
            start.countDown();
            int total = PUBLISHERS * PER_PUBLISHER;
            for (int t = 0; t < TAILS; t++) {
                // Open tails spread over the whole publishing run, each with a different history size.
                while (published.get() < (long) total * t / TAILS) {
                    Thread.onSpinWait();
                }
                tails.add(router.tail(TailRequest.of("myapp").withLines((t * 37) % 1501).withFollow(true)));
            }
            for (Thread p : publishers) {
                p.join();
            }
            // A last line per publisher, so that every tail has something of each to end on.
            for (int p = 0; p < PUBLISHERS; p++) {
                router.publish(app("myapp", "web." + (p + 1), Integer.toString(PER_PUBLISHER)));
            }

            int gaps = 0;
            for (Tail tail : tails) {
                int[] next = new int[PUBLISHERS];
                Arrays.fill(next, -1);
                int seen = 0;
                while (Arrays.stream(next).anyMatch(n -> n != PER_PUBLISHER + 1)) {
                    var line = tail.poll(Duration.ofSeconds(10));
                    assertThat(line).as("lines so far %s", Arrays.toString(next)).isPresent();
                    LogLine l = line.get();
                    assertThat(l.source()).as("no overflow notices expected").isEqualTo(Source.APP);
                    int p = Integer.parseInt(l.dyno().substring(4)) - 1;
                    int n = Integer.parseInt(l.text());
                    if (next[p] != -1 && n != next[p]) {
                        gaps++;
                    }
                    next[p] = n + 1;
                    seen++;
                }
                assertThat(tail.poll(Duration.ofMillis(10))).as("nothing after the last lines").isEmpty();
                assertThat(seen).isPositive();
                tail.close();
            }
            assertThat(gaps).as("gaps or duplicates across %d tails", TAILS).isZero();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
