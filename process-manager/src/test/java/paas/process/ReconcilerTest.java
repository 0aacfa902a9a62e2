package paas.process;

import org.junit.jupiter.api.Test;
import paas.vocabulary.DynoSize;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {
    static final String APP = "shop";
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final FakeRuntime runtime = new FakeRuntime(clock, log);
    final Set<String> ready = ConcurrentHashMap.newKeySet();
    final List<DynoEvent> events = Collections.synchronizedList(new ArrayList<>());
    final Reconciler reconciler = new Reconciler(runtime, clock, ReconcilerConfig.defaults(),
            h -> h.probe() == null || ready.contains(h.id()),
            (app, backends, booting) -> log.add("routes " + app + " " + backends.stream().map(b -> b.dyno() + ":" + b.port()).toList()
                    + (booting ? " booting" : "")),
            e -> {
                events.add(e);
                log.add("event " + e.getClass().getSimpleName() + " " + e.dyno());
            });

    static Formation formation(int version, Object... typeAndQuantity) {
        Map<String, ProcessFormation> p = new LinkedHashMap<>();
        for (int i = 0; i < typeAndQuantity.length; i += 2) {
            String type = (String) typeAndQuantity[i];
            p.put(type, new ProcessFormation(type, (Integer) typeAndQuantity[i + 1], DynoSize.standard1x(),
                    type.equals("web") ? "python3 -m http.server $PORT" : "bin/" + type));
        }
        return new Formation(APP, new Release(version, "ab".repeat(32), Path.of("/slugs/x.tgz"), Map.of("K", "v")), p);
    }

    void allReady() {
        runtime.dynos.values().forEach(d -> ready.add(d.id()));
    }

    List<String> lines() {
        return events.stream().flatMap(e -> PlatformLog.lines(e).stream().map(l -> e.dyno() + ": " + l)).toList();
    }

    @Test
    void scaleZeroToThreeToOneStartsAndStopsExactlyThoseDynos() {
        reconciler.setFormation(formation(1, "web", 0));
        reconciler.reconcileNow();
        assertThat(runtime.runningNames()).isEmpty();

        reconciler.setFormation(formation(1, "web", 3));
        reconciler.reconcileNow();
        assertThat(runtime.runningNames()).containsExactly("web.1 v1", "web.2 v1", "web.3 v1");
        assertThat(reconciler.dynos(APP)).extracting(Dyno::state).containsOnly(DynoState.STARTING);
        allReady();
        reconciler.reconcileNow();
        assertThat(reconciler.dynos(APP)).extracting(Dyno::name, Dyno::state).containsExactly(
                org.assertj.core.groups.Tuple.tuple("web.1", DynoState.UP),
                org.assertj.core.groups.Tuple.tuple("web.2", DynoState.UP),
                org.assertj.core.groups.Tuple.tuple("web.3", DynoState.UP));
        assertThat(log).last().isEqualTo("routes shop [web.1:20001, web.2:20002, web.3:20003]");

        log.clear();
        reconciler.setFormation(formation(1, "web", 1));
        reconciler.reconcileNow();
        // The router is told before the dynos leaving it get SIGTERM.
        assertThat(log).containsSubsequence("routes shop [web.1:20001]", "TERM web.2 v1");
        assertThat(log).containsSubsequence("routes shop [web.1:20001]", "TERM web.3 v1");
        assertThat(log).noneMatch(l -> l.startsWith("start"));
        runtime.exit("web.2", 1, 143);
        runtime.exit("web.3", 1, 143);
        reconciler.reconcileNow();
        assertThat(runtime.runningNames()).containsExactly("web.1 v1");
        assertThat(runtime.dynos).hasSize(1);
        assertThat(reconciler.dynos(APP)).extracting(Dyno::name).containsExactly("web.1");
        assertThat(lines()).contains("web.2: Stopping all processes with SIGTERM", "web.2: Process exited with status 143",
                "web.2: State changed from up to down");
    }

    @Test
    void newReleaseStartsNewWebDynosWaitsUntilTheyAnswerThenMovesRoutesThenStopsOldOnes() {
        reconciler.setFormation(formation(1, "web", 2, "worker", 1));
        reconciler.reconcileNow();
        allReady();
        reconciler.reconcileNow();
        log.clear();

        reconciler.setFormation(formation(2, "web", 2, "worker", 1));
        reconciler.reconcileNow();
        // Workers are not routed: the old one goes at once. Web dynos of v1 keep serving.
        assertThat(log).contains("start shop web.1 v2", "start shop web.2 v2", "start shop worker.1 v2", "TERM worker.1 v1");
        assertThat(log).noneMatch(l -> l.startsWith("TERM web") || l.startsWith("routes"));

        ready.add(runtime.running("web.1", 2).id());
        reconciler.reconcileNow();
        assertThat(log).noneMatch(l -> l.startsWith("TERM web") || l.startsWith("routes"));

        ready.add(runtime.running("web.2", 2).id());
        reconciler.reconcileNow();
        String newRoutes = "routes shop [web.1:" + runtime.running("web.1", 2).endpoint().port() + ", web.2:"
                + runtime.running("web.2", 2).endpoint().port() + "]";
        assertThat(log).containsSubsequence("event Up web.2", newRoutes, "TERM web.1 v1");
        assertThat(log).containsSubsequence(newRoutes, "TERM web.2 v1");
        assertThat(log).filteredOn(l -> l.startsWith("routes")).containsExactly(newRoutes);
    }

    @Test
    void replacedWebDynosFinishRoutedRequestsForTheDrainBeforeSigterm() {
        Reconciler draining = new Reconciler(runtime, clock, ReconcilerConfig.defaults().withRouteDrain(Duration.ofSeconds(2)),
                h -> h.probe() == null || ready.contains(h.id()),
                (app, backends, booting) -> log.add("routes " + app + " " + backends.stream().map(b -> b.dyno() + ":" + b.port()).toList()
                    + (booting ? " booting" : "")),
                events::add);
        draining.setFormation(formation(1, "web", 1, "worker", 1));
        draining.reconcileNow();
        allReady();
        draining.reconcileNow();
        log.clear();

        draining.setFormation(formation(2, "web", 1, "worker", 1));
        draining.reconcileNow();
        assertThat(log).contains("TERM worker.1 v1").as("workers take no requests: no drain");
        ready.add(runtime.running("web.1", 2).id());
        draining.reconcileNow();
        assertThat(log).anyMatch(l -> l.startsWith("routes shop [web.1:")).noneMatch(l -> l.startsWith("TERM web.1 v1"));
        assertThat(draining.dynos(APP)).filteredOn(d -> d.release() == 1 && d.type().equals("web")).extracting(Dyno::state)
                .containsExactly(DynoState.DOWN);

        clock.advance(Duration.ofMillis(1999));
        draining.reconcileNow();
        assertThat(log).noneMatch(l -> l.startsWith("TERM web.1 v1"));
        clock.advance(Duration.ofMillis(1));
        draining.reconcileNow();
        assertThat(log).contains("TERM web.1 v1");
        // The grace before SIGKILL counts from the SIGTERM, not from the route change.
        clock.advance(Duration.ofSeconds(29));
        draining.reconcileNow();
        assertThat(log).noneMatch(l -> l.startsWith("KILL web.1 v1"));
        clock.advance(Duration.ofSeconds(1));
        draining.reconcileNow();
        assertThat(log).contains("KILL web.1 v1");
    }

    @Test
    void crashesRestartAtOnceThenBackOffExponentiallyToTwentyMinutesAndANewReleaseResets() {
        reconciler.setFormation(formation(1, "worker", 1));
        reconciler.reconcileNow();
        List<Duration> waits = new ArrayList<>();
        for (int crash = 1; crash <= 10; crash++) {
            runtime.exit("worker.1", 1, 1);
            reconciler.reconcileNow();
            Instant crashedAt = clock.instant();
            // Step a second at a time until the slot is started again: no sleeps, the clock moves.
            while (runtime.runningNames().isEmpty()) {
                assertThat(reconciler.dynos(APP)).extracting(Dyno::state, Dyno::exitCode)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(DynoState.CRASHED, 1));
                clock.advance(Duration.ofSeconds(1));
                reconciler.reconcileNow();
            }
            waits.add(Duration.between(crashedAt, clock.instant()));
        }
        assertThat(waits).containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(40), Duration.ofSeconds(80), Duration.ofSeconds(160), Duration.ofSeconds(320),
                Duration.ofSeconds(640), Duration.ofMinutes(20), Duration.ofMinutes(20));
        assertThat(lines()).contains("worker.1: Process exited with status 1", "worker.1: State changed from up to crashed",
                "worker.1: State changed from crashed to starting", "worker.1: Starting process with command `bin/worker`");

        runtime.exit("worker.1", 1, 1);
        reconciler.setFormation(formation(2, "worker", 1));
        reconciler.reconcileNow();
        assertThat(runtime.runningNames()).containsExactly("worker.1 v2");
        runtime.exit("worker.1", 2, 1);
        reconciler.reconcileNow();
        assertThat(runtime.runningNames()).as("first crash of the new release restarts at once").containsExactly("worker.1 v2");
    }

    @Test
    void webDynoThatNeverBindsPortIsKilledAfterBootTimeoutAndCountedAsCrash() {
        reconciler.setFormation(formation(1, "web", 1));
        reconciler.reconcileNow();
        clock.advance(Duration.ofSeconds(59));
        reconciler.reconcileNow();
        assertThat(log).noneMatch(l -> l.startsWith("KILL"));
        clock.advance(Duration.ofSeconds(1));
        reconciler.reconcileNow();
        assertThat(log).contains("KILL web.1 v1");
        assertThat(lines()).contains(
                "web.1: Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch",
                "web.1: Stopping process with SIGKILL");
        runtime.exit("web.1", 1, 137);
        reconciler.reconcileNow();
        assertThat(lines()).contains("web.1: Process exited with status 137", "web.1: State changed from starting to crashed");
        assertThat(events).filteredOn(e -> e instanceof DynoEvent.Crashed).hasSize(1);
        assertThat(runtime.runningNames()).as("first crash restarts at once").containsExactly("web.1 v1");
    }

    @Test
    void dynoIgnoringSigtermIsKilledWhenTheGraceEndsAndReportedAsR12() {
        reconciler.setFormation(formation(1, "worker", 1));
        reconciler.reconcileNow();
        reconciler.setFormation(formation(1, "worker", 0));
        reconciler.reconcileNow();
        assertThat(log).contains("TERM worker.1 v1");
        clock.advance(Duration.ofSeconds(29));
        reconciler.reconcileNow();
        assertThat(log).noneMatch(l -> l.startsWith("KILL"));
        assertThat(reconciler.dynos(APP)).extracting(Dyno::state).containsExactly(DynoState.DOWN);
        clock.advance(Duration.ofSeconds(1));
        reconciler.reconcileNow();
        assertThat(log).containsSubsequence("TERM worker.1 v1", "KILL worker.1 v1");
        assertThat(lines()).contains(
                "worker.1: Error R12 (Exit timeout) -> At least one process failed to exit within 30 seconds of SIGTERM");
        runtime.exit("worker.1", 1, 137);
        reconciler.reconcileNow();
        assertThat(lines()).contains("worker.1: Process exited with status 137", "worker.1: State changed from up to down");
        assertThat(events).noneMatch(e -> e instanceof DynoEvent.Crashed);
        assertThat(runtime.dynos).isEmpty();
        assertThat(reconciler.dynos(APP)).isEmpty();
    }

    @Test
    void failingPassesAreReportedAndTheLoopGoesOn() throws Exception {
        runtime.listFailure = () -> new RuntimeUnavailableException("docker engine at unix:///var/run/docker.sock did not answer", null);
        reconciler.setFormation(formation(1, "worker", 2));
        reconciler.start();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> reconciler.lastFailure().isPresent());
            assertThat(reconciler.lastFailure().get()).contains("did not answer");
            assertThat(runtime.dynos).isEmpty();
            runtime.listFailure = null;
            // The next tick (2 s) finds the engine back.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> runtime.runningNames().size() == 2);
            assertThat(reconciler.lastFailure()).isEmpty();
        } finally {
            reconciler.close();
        }
    }

    @Test
    void throwingListenersAndFailedStartsDoNotStopThePass() {
        Reconciler r = new Reconciler(runtime, clock, ReconcilerConfig.defaults(), h -> true,
                (app, b, booting) -> { throw new IllegalStateException("router down"); },
                e -> { throw new IllegalStateException("log router down"); });
        r.setFormation(formation(1, "web", 1, "worker", 1));
        r.reconcileNow();
        assertThat(runtime.runningNames()).containsExactly("web.1 v1", "worker.1 v1");
        // A failing route listener means nothing is stopped (routing must move first).
        r.setFormation(formation(1, "web", 0, "worker", 1));
        r.reconcileNow();
        assertThat(log).noneMatch(l -> l.startsWith("TERM"));

        runtime.startFailure = () -> new IllegalStateException("image paas/stack-run:latest missing");
        runtime.exit("worker.1", 1, 2);
        r.reconcileNow();
        assertThat(r.lastFailure()).isEmpty();
        assertThat(r.dynos(APP)).extracting(Dyno::name, Dyno::state)
                .contains(org.assertj.core.groups.Tuple.tuple("worker.1", DynoState.CRASHED));
    }

    @Test
    void runningDynosOfKnownAppsAreAdoptedWithoutRestartsAndOtherAppsAreLeftAlone() {
        DynoHandle w1 = runtime.preexisting(APP, 3, "web.1", true);
        DynoHandle w2 = runtime.preexisting(APP, 3, "web.2", true);
        runtime.preexisting("other-app", 1, "web.1", true);
        ready.add(w1.id());
        ready.add(w2.id());
        reconciler.setFormation(formation(3, "web", 2));
        reconciler.reconcileNow();
        reconciler.reconcileNow();
        assertThat(log).noneMatch(l -> l.startsWith("start") || l.startsWith("TERM") || l.startsWith("KILL"));
        assertThat(reconciler.dynos(APP)).extracting(Dyno::id).containsExactly(w1.id(), w2.id());
        assertThat(reconciler.dynos(APP)).extracting(Dyno::state).containsOnly(DynoState.UP);
        assertThat(log).contains("routes shop [web.1:" + w1.endpoint().port() + ", web.2:" + w2.endpoint().port() + "]");
        assertThat(reconciler.dynos("other-app")).isEmpty();
        assertThat(runtime.dynos).hasSize(3);
    }

    @Test
    void oneOffDynosAreNotRestartedNorStoppedByTheFormation() {
        reconciler.setFormation(formation(1, "web", 0));
        reconciler.reconcileNow();
        Release release = formation(1).release();
        reconciler.runDetached(new OneOffSpec(APP, release, "run.7", "bin/migrate", Map.of("X", "1"), DynoSize.standard1x(), false));
        reconciler.reconcileNow();
        assertThat(log).noneMatch(l -> l.startsWith("TERM"));
        assertThat(reconciler.dynos(APP)).extracting(Dyno::name, Dyno::oneOff)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("run.7", true));
        runtime.exit("run.7", 1, 0);
        reconciler.reconcileNow();
        reconciler.reconcileNow();
        assertThat(runtime.dynos).isEmpty();
        assertThat(log).filteredOn(l -> l.startsWith("start")).hasSize(1);
        assertThat(lines()).contains("run.7: Process exited with status 0", "run.7: State changed from up to complete");
    }

    /** The routes lines of the log, as told. */
    List<String> routeLines() {
        return log.stream().filter(l -> l.startsWith("routes")).toList();
    }

    String port(String name, int release) {
        return name + ":" + runtime.running(name, release).endpoint().port();
    }

    @Test
    void restartReplacesWebDynosAsADeployDoesNewOnesAnswerFirstThenOldOnesLeaveTheRouteAndGetSigterm() {
        reconciler.setFormation(formation(1, "web", 3, "worker", 1));
        reconciler.reconcileNow();
        allReady();
        reconciler.reconcileNow();
        List<DynoHandle> old = runtime.dynos.values().stream().filter(d -> d.type().equals("web")).toList();
        DynoHandle oldWorker = runtime.running("worker.1", 1);
        String oldRoutes = "routes shop [web.1:20001, web.2:20002, web.3:20003]";
        assertThat(log).last().isEqualTo(oldRoutes);
        log.clear();

        reconciler.restart(APP, null);
        reconciler.reconcileNow();
        // Surge first: three new web dynos boot next to the old ones, which keep every request.
        assertThat(log).contains("start shop web.1 v1", "start shop web.2 v1", "start shop web.3 v1");
        assertThat(log).noneMatch(l -> l.startsWith("TERM web") || l.startsWith("routes"));
        // Workers take no requests: stop and start, as a deploy does with them.
        assertThat(log).contains("TERM worker.1 v1", "start shop worker.1 v1");
        assertThat(reconciler.dynos(APP)).filteredOn(d -> d.type().equals("web")).hasSize(6);

        List<DynoHandle> fresh = runtime.dynos.values().stream()
                .filter(d -> d.type().equals("web") && !old.contains(d)).toList();
        assertThat(fresh).hasSize(3);
        ready.add(fresh.get(0).id());
        ready.add(fresh.get(1).id());
        reconciler.reconcileNow();
        assertThat(log).noneMatch(l -> l.startsWith("TERM web") || l.startsWith("routes"));

        ready.add(fresh.get(2).id());
        reconciler.reconcileNow();
        String newRoutes = "routes shop " + fresh.stream().sorted(java.util.Comparator.comparing(DynoHandle::name))
                .map(d -> d.name() + ":" + d.endpoint().port()).toList();
        assertThat(routeLines()).containsExactly(newRoutes);
        for (DynoHandle o : old) {
            assertThat(log).containsSubsequence(newRoutes, "TERM " + o.name() + " v1");
        }
        assertThat(lines()).contains("web.2: Stopping all processes with SIGTERM");
        old.forEach(o -> runtime.dynos.put(o.id(), o.exited(143)));
        runtime.dynos.put(oldWorker.id(), oldWorker.exited(143));
        reconciler.reconcileNow();
        assertThat(events).noneMatch(e -> e instanceof DynoEvent.Crashed);
        assertThat(reconciler.dynos(APP)).extracting(Dyno::id)
                .containsExactlyInAnyOrderElementsOf(runtime.dynos.keySet());
        assertThat(reconciler.dynos(APP)).hasSize(4).extracting(Dyno::state).containsOnly(DynoState.UP);
    }

    @Test
    void restartOfOneWebDynoKeepsTheOthersRoutedAndSwitchesOnlyThatOne() {
        reconciler.setFormation(formation(1, "web", 3));
        reconciler.reconcileNow();
        allReady();
        reconciler.reconcileNow();
        log.clear();

        reconciler.restart(APP, "web.2");
        reconciler.reconcileNow();
        assertThat(log).filteredOn(l -> l.startsWith("start")).containsExactly("start shop web.2 v1");
        assertThat(log).noneMatch(l -> l.startsWith("TERM") || l.startsWith("routes"));
        DynoHandle fresh = runtime.dynos.values().stream().filter(d -> d.name().equals("web.2"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(fresh.endpoint().port()).isNotEqualTo(20002);

        ready.add(fresh.id());
        reconciler.reconcileNow();
        String switched = "routes shop [web.1:20001, web.2:" + fresh.endpoint().port() + ", web.3:20003]";
        assertThat(routeLines()).containsExactly(switched);
        assertThat(log).containsSubsequence(switched, "TERM web.2 v1");
        assertThat(log).filteredOn(l -> l.startsWith("TERM")).containsExactly("TERM web.2 v1");
    }

    @Test
    void restartOfAWebDynoStillBootingStopsItAtOnceItTakesNoRequestsYet() {
        reconciler.setFormation(formation(1, "web", 1));
        reconciler.reconcileNow();
        log.clear();
        reconciler.restart(APP, "web");
        reconciler.reconcileNow();
        assertThat(log).containsSubsequence("TERM web.1 v1", "start shop web.1 v1");
    }

    @Test
    void stopOfAWebDynoStopsItAtOnceNoSurgeAndTheFormationStartsItAgain() {
        reconciler.setFormation(formation(1, "web", 2));
        reconciler.reconcileNow();
        allReady();
        reconciler.reconcileNow();
        log.clear();
        reconciler.stop(APP, "web.1");
        reconciler.reconcileNow();
        assertThat(log).containsSubsequence("TERM web.1 v1", "start shop web.1 v1");
        assertThat(routeLines()).containsExactly("routes shop [web.2:20002]");
    }

    @Test
    void anExitReportedByTheRuntimeTakesTheDynoOutOfTheRouteAtOnceEvenWhileAPassIsBusy() throws Exception {
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        Reconciler r = new Reconciler(runtime, clock, ReconcilerConfig.defaults().withTick(Duration.ofHours(1)),
                h -> h.probe() == null || ready.contains(h.id()),
                (app, backends, booting) -> told.add(backends.stream().map(b -> b.dyno() + ":" + b.port()).toList().toString()),
                e -> { });
        try {
            r.setFormation(formation(1, "web", 3));
            r.reconcileNow();
            allReady();
            r.start();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> told.contains("[web.1:20001, web.2:20002, web.3:20003]"));

            // The next pass takes its list of dynos (web.2 still runs in it) and then hangs, as a pass
            // does that waits on a slow engine.
            runtime.listGate = new java.util.concurrent.CountDownLatch(1);
            r.setFormation(formation(1, "web", 3));
            assertThat(runtime.listWaiting.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            runtime.exit("web.2", 1, 137);
            // Told on the exit's own thread, before the busy pass ends.
            assertThat(told).last().isEqualTo("[web.1:20001, web.3:20003]");

            // The pass planned from its stale list, with web.2 up: it must not put it back.
            runtime.listGate.countDown();
            runtime.listGate = null;
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> runtime.runningNames().equals(List.of("web.1 v1", "web.2 v1", "web.3 v1")));
            DynoHandle replacement = runtime.running("web.2", 1);
            ready.add(replacement.id());
            r.setFormation(formation(1, "web", 3));
            String back = "[web.1:20001, web.2:" + replacement.endpoint().port() + ", web.3:20003]";
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> told.contains(back));
            List<String> afterExit = told.subList(told.indexOf("[web.1:20001, web.3:20003]"), told.size());
            assertThat(afterExit).as("the dead web.2 never came back into the route").noneMatch(l -> l.contains("web.2:20002"));
        } finally {
            r.close();
        }
    }

    @Test
    void restartOfATypeStopsItsDynosAndStartsFreshOnes() {
        reconciler.setFormation(formation(1, "web", 1, "worker", 2));
        reconciler.reconcileNow();
        log.clear();
        reconciler.restart(APP, "worker");
        reconciler.reconcileNow();
        assertThat(log).contains("TERM worker.1 v1", "TERM worker.2 v1");
        assertThat(log).filteredOn(l -> l.startsWith("start")).containsExactlyInAnyOrder("start shop worker.1 v1", "start shop worker.2 v1"); // started in parallel
        assertThat(log).noneMatch(l -> l.contains("web.1 v1") && !l.startsWith("event"));
    }

    @Test
    void removedAppHasAllItsDynosStopped() {
        reconciler.setFormation(formation(1, "web", 1, "worker", 1));
        reconciler.reconcileNow();
        reconciler.removeApp(APP);
        reconciler.reconcileNow();
        assertThat(log).contains("TERM web.1 v1", "TERM worker.1 v1");
    }
}
