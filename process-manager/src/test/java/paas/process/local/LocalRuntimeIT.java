package paas.process.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.process.Backend;
import paas.process.Dyno;
import paas.process.DynoEvent;
import paas.process.DynoHandle;
import paas.process.DynoSpec;
import paas.process.DynoState;
import paas.process.Formation;
import paas.process.MutableClock;
import paas.process.OneOffSpec;
import paas.process.PlatformLog;
import paas.process.ProcessFormation;
import paas.process.Readiness;
import paas.process.Reconciler;
import paas.process.ReconcilerConfig;
import paas.process.Release;
import paas.process.Signal;
import paas.process.TestSlugs;
import paas.process.slug.SlugExtractor;
import paas.vocabulary.DynoSize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LocalRuntimeIT {
    static final String APP = "localapp";
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    static final Map<String, String> BASE_ENV = Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "LANG", "C.UTF-8");

    @TempDir
    Path tmp;
    final List<String> output = new CopyOnWriteArrayList<>();
    final List<Thread> readers = new CopyOnWriteArrayList<>();
    final List<DynoEvent> events = new CopyOnWriteArrayList<>();
    final List<List<Backend>> routes = new CopyOnWriteArrayList<>();
    LocalRuntime runtime;
    Release release;
    Reconciler reconciler;

    @BeforeEach
    void setUp() throws Exception {
        runtime = new LocalRuntime(tmp.resolve("dynos"), new PortPool(41000, 41999), BASE_ENV,
                (app, dyno, line) -> {
                    readers.add(Thread.currentThread());
                    output.add(dyno + " " + line);
                }, SlugExtractor.defaults(), Clock.systemUTC(),
                STOP_GRACE);
        // A config var that would run a command if anything passed it through a shell.
        release = TestSlugs.release(1, TestSlugs.write(tmp.resolve("slug.tgz")),
                Map.of("SECRET", "$(touch " + tmp.resolve("canary") + ")"));
    }

    @AfterEach
    void tearDown() {
        if (reconciler != null) {
            reconciler.close();
        }
        runtime.close();
    }

    Reconciler reconciler(Clock clock, ReconcilerConfig config) {
        reconciler = new Reconciler(runtime, clock, config, Readiness.tcpConnect(Duration.ofMillis(300)),
                (app, b, booting) -> routes.add(b), events::add);
        return reconciler;
    }

    Formation formation(String type, int quantity, String command) {
        return new Formation(APP, release, Map.of(type, new ProcessFormation(type, quantity, DynoSize.standard1x(), command)));
    }

    List<String> lines() {
        return events.stream().flatMap(e -> PlatformLog.lines(e).stream().map(l -> e.dyno() + ": " + l)).toList();
    }

    @Test
    void scaleZeroToThreeToOneEachWebDynoAnsweringOnItsOwnPort() {
        Reconciler r = reconciler(Clock.systemUTC(), ReconcilerConfig.defaults().withTick(Duration.ofMillis(200)));
        r.start();
        r.setFormation(formation("web", 0, TestSlugs.WEB));
        await().atMost(Duration.ofSeconds(5)).until(() -> !routes.isEmpty());
        assertThat(runtime.list()).isEmpty();

        r.setFormation(formation("web", 3, TestSlugs.WEB));
        await().atMost(Duration.ofSeconds(20)).until(() -> r.dynos(APP).stream().filter(d -> d.state() == DynoState.UP).count() == 3);
        List<Dyno> three = r.dynos(APP);
        assertThat(three).extracting(Dyno::name).containsExactly("web.1", "web.2", "web.3");
        assertThat(three).extracting(d -> d.endpoint().port()).doesNotHaveDuplicates();
        for (Dyno d : three) {
            // Each answers on its own port; the profile ran; the config var stayed a plain string.
            assertThat(TestSlugs.get(d.endpoint(), "/whoami.txt"))
                    .isEqualTo(d.name() + " profiled $(touch " + tmp.resolve("canary") + ")\n");
        }
        assertThat(tmp.resolve("canary")).doesNotExist();
        await().atMost(Duration.ofSeconds(5)).until(() -> routes.get(routes.size() - 1).size() == 3);

        r.setFormation(formation("web", 1, TestSlugs.WEB));
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.list().size() == 1 && r.dynos(APP).size() == 1);
        assertThat(runtime.list()).extracting(DynoHandle::name).containsExactly("web.1");
        assertThat(TestSlugs.get(three.get(0).endpoint(), "/whoami.txt")).startsWith("web.1 ");
        assertThat(TestSlugs.connects(three.get(1).endpoint())).isFalse();
        assertThat(TestSlugs.connects(three.get(2).endpoint())).isFalse();
        assertThat(routes.get(routes.size() - 1)).extracting(Backend::dyno).containsExactly("web.1");
        assertThat(lines()).contains("web.2: Stopping all processes with SIGTERM", "web.3: State changed from up to down");
    }

    @Test
    void crashingDynoIsRestartedAtOnceThenAfterTheBackoff() {
        MutableClock clock = new MutableClock(Instant.now());
        Reconciler r = reconciler(clock, ReconcilerConfig.defaults());
        r.setFormation(formation("worker", 1, "echo boom; exit 3"));
        r.reconcileNow();
        // Real processes, a test clock: passes are run by hand until the second crash is seen.
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            r.reconcileNow();
            return events.stream().filter(e -> e instanceof DynoEvent.Crashed).count() == 2;
        });
        assertThat(lines()).containsSubsequence("worker.1: Starting process with command `echo boom; exit 3`",
                "worker.1: Process exited with status 3", "worker.1: State changed from up to crashed",
                "worker.1: State changed from crashed to starting", "worker.1: Process exited with status 3");
        assertThat(output).contains("worker.1 boom");
        long starts = events.stream().filter(e -> e instanceof DynoEvent.Started).count();
        assertThat(starts).isEqualTo(2);
        r.reconcileNow();
        clock.advance(Duration.ofSeconds(9));
        r.reconcileNow();
        assertThat(events.stream().filter(e -> e instanceof DynoEvent.Started).count()).as("still backing off").isEqualTo(2);
        assertThat(r.dynos(APP)).extracting(Dyno::state, Dyno::exitCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(DynoState.CRASHED, 3));
        clock.advance(Duration.ofSeconds(1));
        r.reconcileNow();
        assertThat(events.stream().filter(e -> e instanceof DynoEvent.Started).count()).isEqualTo(3);
    }

    @Test
    void dynoIgnoringSigtermIsKilledWhenTheGracePeriodEnds() {
        MutableClock clock = new MutableClock(Instant.now());
        Reconciler r = reconciler(clock, ReconcilerConfig.defaults().withStopGrace(Duration.ofSeconds(3)));
        r.setFormation(formation("worker", 1, "trap '' TERM; echo trapped; while true; do sleep 0.2; done"));
        r.reconcileNow();
        await().atMost(Duration.ofSeconds(10)).until(() -> output.contains("worker.1 trapped"));
        r.setFormation(formation("worker", 0, "true"));
        r.reconcileNow();
        assertThat(lines()).contains("worker.1: Stopping all processes with SIGTERM");
        // TERM has no effect: after a real second the process still runs.
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
        r.reconcileNow();
        assertThat(runtime.list()).singleElement().matches(DynoHandle::running);
        clock.advance(Duration.ofSeconds(3));
        r.reconcileNow();
        assertThat(lines()).contains(
                "worker.1: Error R12 (Exit timeout) -> At least one process failed to exit within 3 seconds of SIGTERM");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            r.reconcileNow();
            return runtime.list().isEmpty();
        });
        assertThat(lines()).contains("worker.1: Process exited with status 137", "worker.1: State changed from up to down");
    }

    @Test
    void stoppingADynoReachesEveryProcessItStarted() {
        DynoSpec spec = new DynoSpec(APP, release, "worker.1",
                "(sleep 1001 & echo orphan=$!); sleep 1002 & echo child=$!; wait", Map.of(), DynoSize.standard1x(), false);
        DynoHandle h = runtime.start(spec);
        await().atMost(Duration.ofSeconds(10)).until(() -> output.stream().filter(l -> l.contains("=")).count() == 2);
        List<Long> pids = output.stream().filter(l -> l.contains("=")).map(l -> Long.parseLong(l.replaceAll(".*=", ""))).toList();
        assertThat(pids).allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
        runtime.signal(h.id(), Signal.TERM);
        await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.list().get(0).running());
        assertThat(runtime.list().get(0).exitCode()).isEqualTo(143);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                pids.stream().noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
        Path dir = tmp.resolve("dynos").resolve(h.id());
        assertThat(dir.resolve("Procfile")).exists();
        runtime.remove(h.id());
        assertThat(dir).doesNotExist();
    }

    @Test
    void attachedOneOffReturnsTheExitCodeAndForwardsStdio() throws Exception {
        OneOffSpec exit3 = new OneOffSpec(APP, release, "run.1", "exit 3", Map.of(), DynoSize.standard1x(), false);
        assertThat(runtime.run(exit3, new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new ByteArrayOutputStream())).isEqualTo(3);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OneOffSpec echo = new OneOffSpec(APP, release, "run.2", "read x; echo \"got $x in $DYNO $EXTRA\"; echo oops >&2",
                Map.of("EXTRA", "extra"), DynoSize.standard1x(), false);
        int code = runtime.run(echo, new ByteArrayInputStream("hi\n".getBytes(StandardCharsets.UTF_8)), out, err);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("got hi in run.2 extra\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
        assertThat(runtime.list()).isEmpty();
        try (var left = Files.list(tmp.resolve("dynos"))) {
            assertThat(left.toList()).isEmpty();
        }
    }

    @Test
    void dynoOutputIsReadOnPlatformThreadsNamedAfterTheDyno() {
        // A pipe read blocks in the kernel: on a virtual thread it would hold a carrier (one per
        // CPU) for as long as the dyno is quiet.
        runtime.start(new DynoSpec(APP, release, "worker.1", "echo out; echo err >&2; exec sleep 1000", Map.of(),
                DynoSize.standard1x(), false));
        await().atMost(Duration.ofSeconds(10)).until(() -> output.containsAll(List.of("worker.1 out", "worker.1 err")));
        assertThat(readers).noneMatch(Thread::isVirtual)
                .extracting(Thread::getName).containsExactlyInAnyOrder("dyno-out-localapp.worker.1", "dyno-err-localapp.worker.1");
    }

    @Test
    void closeStopsEveryDynoAtOnceWithSigtermThenSigkillAfterTheGrace() throws Exception {
        List<DynoHandle> exits = new CopyOnWriteArrayList<>();
        runtime.onExit(exits::add);
        for (int i = 1; i <= 2; i++) {
            runtime.start(new DynoSpec(APP, release, "polite." + i, "echo up; exec sleep 1000", Map.of(),
                    DynoSize.standard1x(), false));
            runtime.start(new DynoSpec(APP, release, "stubborn." + i,
                    "trap '' TERM; echo up; while true; do echo busy; sleep 0.05; done", Map.of(), DynoSize.standard1x(), false));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> output.stream().filter(l -> l.endsWith(" up")).count() == 4);
        List<Long> leaders = new ArrayList<>();
        try (var files = Files.list(tmp.resolve("dynos"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
                leaders.add(Long.parseLong(Files.readAllLines(f).getFirst()));
            }
        }
        assertThat(leaders).hasSize(4);

        long t0 = System.nanoTime();
        runtime.close();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).as("close waits the grace for the stubborn ones, not a grace per dyno")
                .isBetween(STOP_GRACE.minusMillis(100), STOP_GRACE.plusSeconds(3));
        assertThat(exits).extracting(h -> h.name() + "=" + h.exitCode()).containsExactlyInAnyOrder(
                "polite.1=143", "polite.2=143", "stubborn.1=137", "stubborn.2=137");
        assertThat(leaders).noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false));
        assertThat(runtime.list()).isEmpty();
        try (var left = Files.list(tmp.resolve("dynos"))) {
            assertThat(left.toList()).isEmpty();
        }
    }
}
