package paas.router.proxy;

import org.junit.jupiter.api.Test;
import paas.router.RouterLogLine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LogHandoffTest {
    static RouterLogLine line(int i) {
        return new RouterLogLine("app", Instant.EPOCH, "web.1", 200, "", "line " + i);
    }

    @Test
    void deliversInOrderOnItsOwnThread() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        LogHandoff h = new LogHandoff(l -> {
            got.add(l.text());
            threads.add(Thread.currentThread().getName());
        }, 100);
        for (int i = 0; i < 50; i++) {
            h.accept(line(i));
        }
        h.close();
        assertThat(got).hasSize(50).startsWith("line 0", "line 1").endsWith("line 49");
        assertThat(threads).containsOnly("router-log");
        assertThat(h.dropped()).isZero();
    }

    @Test
    void aStuckSinkNeverBlocksTheCallerItDropsAndCounts() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        LogHandoff h = new LogHandoff(l -> {
            try {
                stuck.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 10);
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            h.accept(line(i));
        }
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(5);
        assertThat(h.dropped()).isGreaterThan(900);
        stuck.countDown();
        h.close();
    }

    @Test
    void aThrowingSinkDoesNotStopDelivery() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        LogHandoff h = new LogHandoff(l -> {
            if (l.text().equals("line 1")) {
                throw new IllegalStateException("sink hiccup");
            }
            got.add(l.text());
        }, 10);
        h.accept(line(0));
        h.accept(line(1));
        h.accept(line(2));
        h.close();
        assertThat(got).containsExactly("line 0", "line 2");
    }
}
