package paas.logs.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import paas.logs.Drain;
import paas.logs.DrainPolicy;
import paas.logs.DrainStatus;
import paas.logs.LogLine;
import paas.logs.LogRouterConfig;
import paas.logs.router.MemoryLogRouter;
import paas.logs.Source;
import paas.logs.Tail;
import paas.logs.TailRequest;
import paas.logs.testing.Ports;
import paas.logs.testing.SyslogSink;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;
import static paas.logs.testing.Lines.app;

/** Drains that stall, refuse, or hang up affect nothing else, and report or recover as promised. */
class MisbehavingDrainIT {
    private static final Pattern L10 = Pattern.compile(
            " paas logplex - - Error L10 \\(output buffer overflow\\): (\\d+) messages dropped since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00\\.$");
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    private MemoryLogRouter router(int drainBuffer, int tailBuffer) {
        return closing(new MemoryLogRouter(LogRouterConfig.builder()
                .drainPolicy(DrainPolicy.allowingLoopback())
                .drainBufferLines(drainBuffer)
                .drainBatchLines(50)
                .tailBufferLines(tailBuffer)
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
                .build()));
    }

    private static List<String> texts(List<String> frames) {
        return frames.stream().map(f -> f.substring(f.indexOf(" - - ") + 5)).toList();
    }

    private static List<String> numbered(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line " + i).toList();
    }

    private static DrainStatus status(MemoryLogRouter router, Drain d) {
        return router.drainStatus("myapp").stream().filter(s -> s.drain().equals(d)).findFirst().orElseThrow();
    }

    @Test
    void stalledDrainDropsWithAnExactL10CountAndNeverSlowsOthers() throws Exception {
        int total = 20_000;
        int capacity = 200;
        String padding = " " + "p".repeat(1000); // 20 MB in all: far beyond what socket buffers absorb
        MemoryLogRouter router = router(capacity, total);
        SyslogSink stalled = closing(SyslogSink.stalled());
        SyslogSink healthy = closing(SyslogSink.reading(0, null));
        Drain stuck = Drain.create("syslog+tcp://127.0.0.1:" + stalled.port());
        Drain good = Drain.create("syslog+tcp://127.0.0.1:" + healthy.port());
        router.setDrains("myapp", List.of(stuck, good));
        Tail tail = closing(router.tail(TailRequest.of("myapp").withLines(0).withFollow(true)));
        List<LogLine> tailed = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                while (!tail.isEnded()) {
                    tail.poll(Duration.ofSeconds(1)).ifPresent(tailed::add);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        int[] maxStalledBuffered = {0};
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < total; i++) {
                router.publish(app("myapp", "web.1", "line " + i + padding));
                if (i % 100 == 99) {
                    // Pace to the healthy drain only (its buffer is small too); the stalled one is never waited on.
                    while (status(router, good).buffered() > capacity / 2) {
                        Thread.sleep(1);
                    }
                    maxStalledBuffered[0] = Math.max(maxStalledBuffered[0], status(router, stuck).buffered());
                }
            }
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> healthy.frames().size() >= total && tailed.size() >= total);
        assertThat(texts(healthy.frames())).map(t -> t.substring(0, t.indexOf(' ', 5)))
                .as("the healthy drain got every line in order").isEqualTo(numbered(0, total));
        assertThat(healthy.errors()).isEmpty();
        assertThat(tailed).as("the tail got every line, no L11").hasSize(total).allSatisfy(l -> assertThat(l.source()).isEqualTo(Source.APP));
        assertThat(maxStalledBuffered[0]).as("the stalled drain's buffer stays bounded").isBetween(1, capacity);
        DrainStatus stuckStatus = status(router, stuck);
        assertThat(stuckStatus.buffered()).isLessThanOrEqualTo(capacity);
        assertThat(stuckStatus.dropped()).isGreaterThan(total / 2);

        stalled.resume();
        await().atMost(Duration.ofSeconds(30)).until(() -> stalled.frames().stream().anyMatch(f -> L10.matcher(f).find()));
        // Walk what arrived: lines in order, and wherever some are missing an L10 notice, right
        // there, saying exactly how many. Delivered plus reported must be everything published.
        List<String> got = stalled.frames();
        assertThat(L10.matcher(got.get(got.size() - 1)).find()).as("the stream ends with the catch-up notice").isTrue();
        long expected = 0;
        long reported = 0;
        long delivered = 0;
        for (String frame : got) {
            Matcher m = L10.matcher(frame);
            if (m.find()) {
                long n = Long.parseLong(m.group(1));
                assertThat(n).isPositive();
                expected += n;
                reported += n;
            } else {
                String text = frame.substring(frame.indexOf(" - - ") + 5);
                assertThat(text.substring(0, text.indexOf(' ', 5))).isEqualTo("line " + expected);
                expected++;
                delivered++;
            }
        }
        assertThat(expected).as("delivered %d + reported dropped %d = published", delivered, reported).isEqualTo(total);
        assertThat(status(router, stuck).dropped()).isEqualTo(reported);
        assertThat(stalled.errors()).isEmpty();
        tail.close();
        reader.join(5_000);
    }

    @Test
    void refusedDrainRetriesWithBackoffAndDeliversOnceTheServerIsUp() throws Exception {
        MemoryLogRouter router = router(1000, 1000);
        int port = Ports.free();
        Drain drain = Drain.create("syslog+tcp://127.0.0.1:" + port);
        router.setDrains("myapp", List.of(drain));
        for (int i = 0; i < 10; i++) {
            router.publish(app("myapp", "web.1", "line " + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(router, drain).lastError() != null);
        assertThat(status(router, drain).lastError()).contains("Connection refused");
        assertThat(status(router, drain).connected()).isFalse();
        // Several failed attempts (each stamps lastErrorAt anew), so the server comes up while the
        // worker is well into its growing backoff.
        Set<Instant> failures = new HashSet<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
            Instant at = status(router, drain).lastErrorAt();
            if (at != null) {
                failures.add(at);
            }
            return failures.size() >= 4;
        });

        SyslogSink late = closing(SyslogSink.reading(port, null));
        await().atMost(Duration.ofSeconds(10)).until(() -> late.frames().size() >= 10);
        assertThat(texts(late.frames())).isEqualTo(numbered(0, 10));
        assertThat(status(router, drain).connected()).isTrue();
        assertThat(status(router, drain).delivered()).isEqualTo(10);
    }

    @Test
    void drainThatHangsUpMidBatchReconnectsWhileOthersGetEverything() throws Exception {
        MemoryLogRouter router = router(1000, 1000);
        SyslogSink rude = closing(SyslogSink.hangingUpAfter(3));
        SyslogSink healthy = closing(SyslogSink.reading(0, null));
        Drain bad = Drain.create("syslog+tcp://127.0.0.1:" + rude.port());
        Drain good = Drain.create("syslog+tcp://127.0.0.1:" + healthy.port());
        router.setDrains("myapp", List.of(bad, good));
        for (int i = 0; i < 300; i++) {
            router.publish(app("myapp", "web.1", "line " + i));
            if (i % 10 == 9) {
                Thread.sleep(5); // spread over time so the rude receiver hangs up in the middle of things
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> healthy.frames().size() >= 300);
        assertThat(texts(healthy.frames())).isEqualTo(numbered(0, 300));
        await().atMost(Duration.ofSeconds(10)).until(() -> rude.connections() >= 3 && status(router, bad).lastError() != null);
        assertThat(texts(rude.frames())).allSatisfy(t -> assertThat(t).matches("line \\d+"));
    }

    @Test
    void settingTheSameDrainAgainKeepsItsConnectionAndANewTokenMakesANewOne() throws Exception {
        MemoryLogRouter router = router(1000, 1000);
        SyslogSink sink = closing(SyslogSink.reading(0, null));
        Drain drain = Drain.create("syslog+tcp://127.0.0.1:" + sink.port());
        router.setDrains("myapp", List.of(drain));
        router.publish(app("myapp", "web.1", "one"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames().size() == 1);
        router.setDrains("myapp", List.of(drain));
        router.publish(app("myapp", "web.1", "two"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames().size() == 2);
        assertThat(sink.connections()).isEqualTo(1);

        Drain retokened = new Drain(drain.id(), drain.url(), "d." + UUID.randomUUID());
        router.setDrains("myapp", List.of(retokened));
        router.publish(app("myapp", "web.1", "three"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.frames().size() == 3);
        assertThat(sink.connections()).isEqualTo(2);
        assertThat(sink.frames().get(2)).contains(" " + retokened.token() + " app web.1 - - three");
        assertThat(router.drainStatus("myapp")).hasSize(1);
    }
}
