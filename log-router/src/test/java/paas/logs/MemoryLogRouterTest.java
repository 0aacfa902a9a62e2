package paas.logs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import paas.logs.testing.MutableClock;
import paas.logs.router.MemoryLogRouter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paas.logs.testing.Lines.app;
import static paas.logs.testing.Lines.drain;
import static paas.logs.testing.Lines.line;
import static paas.logs.testing.Lines.take;
import static paas.logs.testing.Lines.texts;

class MemoryLogRouterTest {
    private static final Duration QUIET = Duration.ofMillis(50);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T22:00:00Z"));
    private final MemoryLogRouter router = new MemoryLogRouter(LogRouterConfig.builder()
            .tailBufferLines(10).clock(clock).drainPolicy(DrainPolicy.allowingLoopback()).build());

    @AfterEach
    void close() {
        router.close();
    }

    private void publish(int from, int to) {
        for (int i = from; i < to; i++) {
            router.publish(app("myapp", "web.1", "line " + i));
        }
    }

    private static List<String> seq(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "line " + i).toList();
    }

    @Test
    void historyKeepsTheLast1500LinesPerApp() throws InterruptedException {
        publish(0, 2000);
        router.publish(app("other", "web.1", "elsewhere"));
        try (Tail tail = router.tail(TailRequest.of("myapp").withLines(1500))) {
            assertThat(texts(drain(tail, QUIET))).isEqualTo(seq(500, 2000));
            assertThat(tail.isEnded()).isTrue();
        }
    }

    @Test
    void aTailWithoutFollowGivesTheLast100ByDefaultAndEnds() throws InterruptedException {
        publish(0, 300);
        Tail tail = router.tail(TailRequest.of("myapp"));
        assertThat(texts(drain(tail, QUIET))).isEqualTo(seq(200, 300));
        assertThat(tail.isEnded()).isTrue();
        assertThat(tail.poll(QUIET)).isEmpty();
    }

    @Test
    void anAppWithNoLinesGivesAnEmptyHistory() throws InterruptedException {
        Tail tail = router.tail(TailRequest.of("quiet-app"));
        assertThat(tail.poll(QUIET)).isEmpty();
        assertThat(tail.isEnded()).isTrue();
    }

    @Test
    void filtersBySourceAndDynoApplyToHistoryAndLiveLines() throws InterruptedException {
        router.publish(line("myapp", Source.APP, "web.1", "w1"));
        router.publish(line("myapp", Source.APP, "web.2", "w2"));
        router.publish(line("myapp", Source.APP, "webhook.1", "hook"));
        router.publish(line("myapp", Source.APP, "worker.1", "work"));
        router.publish(line("myapp", Source.ROUTER, "router", "req"));
        router.publish(line("myapp", Source.PAAS, "api", "scaled"));

        assertThat(texts(drain(router.tail(TailRequest.of("myapp").withDyno("web")), QUIET))).containsExactly("w1", "w2");
        assertThat(texts(drain(router.tail(TailRequest.of("myapp").withDyno("web.2")), QUIET))).containsExactly("w2");
        assertThat(texts(drain(router.tail(TailRequest.of("myapp").withSources(Set.of(Source.ROUTER))), QUIET)))
                .containsExactly("req");
        assertThat(texts(drain(router.tail(TailRequest.of("myapp").withSources(Set.of(Source.APP, Source.PAAS))
                .withDyno("api")), QUIET))).containsExactly("scaled");

        try (Tail live = router.tail(TailRequest.of("myapp").withLines(0).withFollow(true).withDyno("web"))) {
            router.publish(line("myapp", Source.APP, "worker.1", "no"));
            router.publish(line("myapp", Source.APP, "web.3", "yes"));
            assertThat(texts(take(live, 1, Duration.ofSeconds(5)))).containsExactly("yes");
            assertThat(live.poll(QUIET)).isEmpty();
        }
    }

    @Test
    void historyCountsOnlyMatchingLines() throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            router.publish(line("myapp", Source.ROUTER, "router", "r" + i));
            router.publish(line("myapp", Source.APP, "web.1", "a" + i));
        }
        Tail tail = router.tail(TailRequest.of("myapp").withLines(3).withSources(Set.of(Source.ROUTER)));
        assertThat(texts(drain(tail, QUIET))).containsExactly("r47", "r48", "r49");
    }

    @Test
    void stalledTailLosesLinesAndIsToldExactlyHowManyWithL11() throws InterruptedException {
        try (Tail tail = router.tail(TailRequest.of("myapp").withLines(0).withFollow(true))) {
            publish(0, 10);          // fills the 10-line buffer
            clock.advance(Duration.ofSeconds(5));
            publish(10, 35);         // 25 dropped, publish never waits
            List<LogLine> got = take(tail, 11, Duration.ofSeconds(5));
            assertThat(texts(got.subList(0, 10))).isEqualTo(seq(0, 10));
            assertThat(got.get(10).text())
                    .isEqualTo("Error L11 (Tail buffer overflow): 25 messages dropped since 2026-11-24T22:00:05+00:00.");
            assertThat(LogFormat.format(got.get(10))).contains(" paas[logplex]: Error L11");
            publish(35, 36);
            assertThat(texts(take(tail, 1, Duration.ofSeconds(5)))).containsExactly("line 35");
        }
    }

    @Test
    void longLinesAreSplitAt10000BytesAndNewlinesSplitToo() throws InterruptedException {
        String big = "é".repeat(12_000); // 24,000 bytes
        router.publish(app("myapp", "web.1", big));
        router.publish(app("myapp", "web.1", "first\nsecond\n"));
        List<LogLine> got = drain(router.tail(TailRequest.of("myapp")), QUIET);
        assertThat(got).hasSize(5);
        assertThat(got.subList(0, 3)).allSatisfy(l -> assertThat(l.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(10_000));
        assertThat(got.get(0).text()).hasSize(5000);
        assertThat(got.get(0).text() + got.get(1).text() + got.get(2).text()).isEqualTo(big);
        assertThat(texts(got.subList(3, 5))).containsExactly("first", "second");
    }

    @Test
    void removingAnAppEndsItsTailsAndForgetsItsHistory() throws InterruptedException {
        publish(0, 5);
        Tail tail = router.tail(TailRequest.of("myapp").withLines(0).withFollow(true));
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                tail.poll(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        router.removeApp("myapp");
        reader.join(5_000);
        assertThat(reader.isAlive()).isFalse();
        assertThat(tail.isEnded()).isTrue();
        assertThat(drain(router.tail(TailRequest.of("myapp")), QUIET)).isEmpty();
    }

    @Test
    void closedRouterIgnoresLinesAndRefusesTails() {
        router.close();
        router.publish(app("myapp", "web.1", "late"));
        assertThatThrownBy(() -> router.tail(TailRequest.of("myapp"))).hasMessageContaining("closed");
    }

    @Test
    void drainsRefusedByPolicyChangeNothing() {
        try (MemoryLogRouter strict = new MemoryLogRouter(LogRouterConfig.defaults())) {
            Drain ok = Drain.create("syslog+tls://logs.example.com:6514");
            Drain loop = Drain.create("syslog+tcp://127.0.0.1:514");
            assertThatThrownBy(() -> strict.setDrains("myapp", List.of(ok, loop)))
                    .isInstanceOf(InvalidDrainUrlException.class)
                    .hasMessageContaining("loopback");
            assertThat(strict.drainStatus("myapp")).isEmpty();
        }
    }

    @Test
    void settingDrainsReplacesTheWholeSetAndRefusesDuplicateIds() {
        Drain a = Drain.create("syslog+tcp://127.0.0.1:9");
        Drain b = Drain.create("https://127.0.0.1:9/logs");
        router.setDrains("myapp", List.of(a, b));
        assertThat(router.drainStatus("myapp")).extracting(DrainStatus::drain).containsExactly(a, b);
        router.setDrains("myapp", List.of(b));
        assertThat(router.drainStatus("myapp")).extracting(DrainStatus::drain).containsExactly(b);
        assertThatThrownBy(() -> router.setDrains("myapp", List.of(b, b))).hasMessageContaining("appears twice");
        assertThat(router.drainStatus("myapp")).extracting(DrainStatus::drain).containsExactly(b);
        router.setDrains("myapp", List.of());
        assertThat(router.drainStatus("myapp")).isEmpty();
    }
}
