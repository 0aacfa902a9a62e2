package paas.logs.buffer;

import org.junit.jupiter.api.Test;
import paas.logs.LogLine;
import paas.logs.Source;
import paas.logs.testing.MutableClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static paas.logs.testing.Lines.app;
import static paas.logs.testing.Lines.texts;

class LineQueueTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T22:00:00Z"));
    private final LineQueue queue = new LineQueue("myapp", 5, Overflow.L10, clock);

    private List<LogLine> takeAll() throws InterruptedException {
        List<LogLine> out = new ArrayList<>();
        while (queue.drainTo(out, 100, 0, TimeUnit.SECONDS) > 0) {
            // keep taking until empty
        }
        return out;
    }

    @Test
    void fullBufferDropsAndReportsTheExactCountOnceTheReaderCatchesUp() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            queue.offer(app("myapp", "web.1", "line " + i));
        }
        clock.advance(Duration.ofSeconds(3)); // the first drop is at 22:00:03
        for (int i = 5; i < 12; i++) {
            queue.offer(app("myapp", "web.1", "line " + i));
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(queue.size()).isEqualTo(5);

        List<LogLine> got = takeAll();
        assertThat(texts(got)).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4",
                "Error L10 (output buffer overflow): 7 messages dropped since 2026-11-24T22:00:03+00:00.");
        LogLine notice = got.get(5);
        assertThat(notice.source()).isEqualTo(Source.PAAS);
        assertThat(notice.dyno()).isEqualTo("logplex");
        assertThat(notice.time()).isEqualTo(Instant.parse("2026-11-24T22:00:10Z"));
        assertThat(queue.droppedTotal()).isEqualTo(7);

        queue.offer(app("myapp", "web.1", "after"));
        assertThat(texts(takeAll())).containsExactly("after"); // told once, not again
    }

    @Test
    void noticeSitsExactlyAtTheGapWhenLinesKeepComing() throws InterruptedException {
        for (int i = 0; i < 8; i++) {
            queue.offer(app("myapp", "web.1", "line " + i)); // 5, 6, 7 dropped
        }
        List<LogLine> first = new ArrayList<>();
        queue.drainTo(first, 3, 0, TimeUnit.SECONDS); // room for 3 again
        queue.offer(app("myapp", "web.1", "line 8"));  // the notice goes in before it
        queue.offer(app("myapp", "web.1", "line 9"));  // fits: 5 of 5
        queue.offer(app("myapp", "web.1", "line 10")); // full again: dropped
        assertThat(texts(first)).containsExactly("line 0", "line 1", "line 2");
        assertThat(texts(takeAll())).containsExactly("line 3", "line 4",
                "Error L10 (output buffer overflow): 3 messages dropped since 2026-11-24T22:00:00+00:00.",
                "line 8",
                "line 9",
                "Error L10 (output buffer overflow): 1 messages dropped since 2026-11-24T22:00:00+00:00.");
        assertThat(queue.droppedTotal()).isEqualTo(4);
    }

    /**
     * Waits until nothing is buffered and {@code reader} is parked in drainTo's timed wait for a
     * line (a wait for the queue's lock would be untimed).
     */
    private void awaitReaderWaitingOnAnEmptyQueue(Thread reader) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
                .until(() -> queue.size() == 0 && reader.getState() == Thread.State.TIMED_WAITING);
    }

    @Test
    void waitingReaderWakesOnOfferAndOnClose() throws Exception {
        List<LogLine> out = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                queue.drainTo(out, 10, 30, TimeUnit.SECONDS);
                queue.drainTo(out, 10, 30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitReaderWaitingOnAnEmptyQueue(reader);
        queue.offer(app("myapp", "web.1", "wake"));
        awaitReaderWaitingOnAnEmptyQueue(reader); // took the line, and waits again in the second drainTo
        queue.close();
        reader.join(5_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(texts(out)).containsExactly("wake");
        queue.offer(app("myapp", "web.1", "ignored after close"));
        assertThat(queue.size()).isZero();
    }
}
