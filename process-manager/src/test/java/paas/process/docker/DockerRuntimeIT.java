package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import paas.process.Backend;
import paas.process.Dyno;
import paas.process.DynoEvent;
import paas.process.DynoHandle;
import paas.process.DynoState;
import paas.process.Formation;
import paas.process.MutableClock;
import paas.process.OneOffSpec;
import paas.process.addons.ExecTerminal;
import paas.process.PlatformLog;
import paas.process.ProcessFormation;
import paas.process.Readiness;
import paas.process.Reconciler;
import paas.process.ReconcilerConfig;
import paas.process.Release;
import paas.process.TestSlugs;
import paas.process.slug.SlugExtractor;
import paas.vocabulary.DynoSize;
import paas.vocabulary.FileTrees;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Against the real engine with the real run image; one scenario in order, sharing the image
 * build. Everything it creates carries paas.app=<one of its random app names> and is removed
 * by those labels at the end; nothing else on the engine is touched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerRuntimeIT {
    static final URI ENGINE = URI.create("unix:///var/run/docker.sock");
    final String suffix = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    final String appA = "pmit-a-" + suffix;
    final String appB = "pmit-b-" + suffix;
    final List<String> output = new CopyOnWriteArrayList<>();
    final List<DynoEvent> events = new CopyOnWriteArrayList<>();
    final List<List<Backend>> routes = new CopyOnWriteArrayList<>();
    DockerClient docker;
    Path tmp;
    DockerRuntime runtime;
    Release release;
    Reconciler reconciler;

    @BeforeAll
    void engineAndRunImage() throws Exception {
        docker = Engine.connect(ENGINE);
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("no docker engine answers at " + ENGINE + " (" + e + "); start one with deploy/docker/ensure-engine.sh");
        }
        try {
            docker.inspectImageCmd("paas/stack-run:latest").exec();
        } catch (NotFoundException e) {
            fail("the run image paas/stack-run:latest is missing; build it with deploy/stack/build.sh");
        }
        tmp = Files.createTempDirectory("pm-docker-it");
        runtime = newRuntime();
        release = TestSlugs.release(1, TestSlugs.write(tmp.resolve("slug.tgz")), Map.of("SECRET", "s3cr3t $(id)"));
    }

    DockerRuntime newRuntime() {
        return newRuntime(Clock.systemUTC());
    }

    DockerRuntime newRuntime(Clock clock) {
        return new DockerRuntime(docker, DockerRuntimeConfig.defaults(tmp.resolve("work")).withPlatform("pmit-" + suffix),
                (app, dyno, line) -> output.add(app + " " + dyno + " " + line), SlugExtractor.defaults(), clock);
    }

    @AfterAll
    void removeEverythingThisTestCreated() throws Exception {
        if (reconciler != null) {
            reconciler.close();
        }
        if (runtime != null) {
            runtime.close();
        }
        for (String app : List.of(appA, appB)) {
            Map<String, String> label = Map.of(Labels.APP, app);
            for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()) {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            }
            for (var i : docker.listImagesCmd().withLabelFilter(label).exec()) {
                docker.removeImageCmd(i.getId()).withForce(true).exec();
            }
            for (var n : docker.listNetworksCmd().withFilter("label", List.of(Labels.APP + "=" + app)).exec()) {
                docker.removeNetworkCmd(n.getId()).exec();
            }
            assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()).isEmpty();
            assertThat(docker.listImagesCmd().withLabelFilter(label).exec()).isEmpty();
        }
        if (tmp != null) {
            FileTrees.delete(tmp);
        }
        docker.close();
    }

    Formation web(String app, int quantity) {
        return new Formation(app, release, Map.of("web", new ProcessFormation("web", quantity, DynoSize.standard1x(), TestSlugs.WEB)));
    }

    List<Container> containers(String app) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.APP, app, Labels.MANAGED, "true"))
                .exec().stream().filter(c -> c.getLabels().containsKey(Labels.DYNO)).toList();
    }

    long up(String app) {
        return reconciler.dynos(app).stream().filter(d -> d.state() == DynoState.UP).count();
    }

    int runOneOff(String app, String command, String stdin, ByteArrayOutputStream out) throws InterruptedException {
        OneOffSpec spec = new OneOffSpec(app, release, "run." + ThreadLocalRandom.current().nextInt(1, 10000), command,
                Map.of(), DynoSize.standard1x(), false);
        return runtime.run(spec, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, out);
    }

    @Test
    @Order(1)
    void scaleZeroToThreeToOneRunsExactlyThoseContainersEachAnsweringHttp() {
        reconciler = new Reconciler(runtime, Clock.systemUTC(), ReconcilerConfig.defaults().withTick(Duration.ofMillis(300)),
                Readiness.tcpConnect(Duration.ofMillis(300)), (app, b, booting) -> routes.add(b), events::add);
        reconciler.start();
        reconciler.setFormation(web(appA, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> !routes.isEmpty());
        assertThat(containers(appA)).isEmpty();

        reconciler.setFormation(web(appA, 3));
        await().atMost(Duration.ofSeconds(90)).until(() -> up(appA) == 3);
        assertThat(containers(appA)).extracting(c -> c.getLabels().get(Labels.DYNO))
                .containsExactlyInAnyOrder("web.1", "web.2", "web.3");
        for (Dyno d : reconciler.dynos(appA)) {
            assertThat(d.endpoint().host()).isEqualTo("127.0.0.1");
            assertThat(TestSlugs.get(d.endpoint(), "/whoami.txt")).isEqualTo(d.name() + " profiled s3cr3t $(id)\n");
        }
        await().atMost(Duration.ofSeconds(5)).until(() ->
                output.stream().anyMatch(l -> l.startsWith(appA + " web.2 ") && l.contains("GET /whoami.txt")));
        String web1 = reconciler.dynos(appA).get(0).id();
        // One image for the app's slug, built once for three dynos, labelled for cleanup.
        assertThat(docker.listImagesCmd().withLabelFilter(Map.of(Labels.APP, appA)).exec()).singleElement()
                .satisfies(i -> assertThat(i.getLabels()).containsEntry(Labels.RELEASE, "1")
                        .containsEntry(Labels.SLUG, release.slugId()).containsEntry(Labels.MANAGED, "true"));

        reconciler.setFormation(web(appA, 1));
        await().atMost(Duration.ofSeconds(60)).until(() -> containers(appA).size() == 1 && reconciler.dynos(appA).size() == 1);
        assertThat(containers(appA)).singleElement().satisfies(c -> {
            assertThat(c.getId()).isEqualTo(web1);
            assertThat(c.getLabels()).containsEntry(Labels.DYNO, "web.1").containsEntry(Labels.TYPE, "web")
                    .containsEntry(Labels.RELEASE, "1");
        });
        assertThat(routes.get(routes.size() - 1)).extracting(Backend::dyno).containsExactly("web.1");
        assertThat(events.stream().flatMap(e -> PlatformLog.lines(e).stream().map(l -> e.dyno() + ": " + l)))
                .contains("web.3: Stopping all processes with SIGTERM", "web.3: State changed from up to down");
    }

    @Test
    @Order(2)
    void dynoContainersAreHardened() throws Exception {
        InspectContainerResponse c = docker.inspectContainerCmd(reconciler.dynos(appA).get(0).id()).exec();
        assertThat(c.getConfig().getUser()).isEqualTo("1000:1000");
        assertThat(c.getHostConfig().getCapDrop()).extracting(Enum::name).containsExactly("ALL");
        assertThat(c.getHostConfig().getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(c.getHostConfig().getPidsLimit()).isEqualTo(256L);
        assertThat(c.getHostConfig().getMemory()).isEqualTo(512L * 1024 * 1024);
        assertThat(c.getHostConfig().getMemorySwap()).isEqualTo(512L * 1024 * 1024);
        assertThat(c.getHostConfig().getNanoCPUs()).isEqualTo(1_000_000_000L);
        assertThat(c.getConfig().getEntrypoint()).containsExactly("/usr/bin/tini", "-g", "--");
        assertThat(c.getConfig().getEnv()).contains("HOME=/app", "DYNO=web.1", "PORT=5000");
        assertThat(c.getConfig().getWorkingDir()).isEqualTo("/app");
        assertThat(c.getConfig().getLabels()).containsEntry(Labels.PLATFORM, "pmit-" + suffix).containsEntry(Labels.MANAGED, "true")
                .containsEntry(Labels.APP, appA).containsEntry(Labels.DYNO, "web.1");
        assertThat(c.getHostConfig().getNetworkMode()).isEqualTo("paas-app-" + appA);

        // And from inside: uid 1000, no effective capabilities, no-new-privs set; /app writable.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = runOneOff(appA, "id -u; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; touch /app/new && echo writable", "", out);
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("1000\nCapEff:\t0000000000000000\nNoNewPrivs:\t1\nwritable\n");
    }

    @Test
    @Order(3)
    void aNewRuntimeInstanceAdoptsTheRunningContainersWithoutRestarts() {
        String id = reconciler.dynos(appA).get(0).id();
        reconciler.close();
        runtime.close();
        events.clear();
        // A platform restart: new runtime, new reconciler, same formation.
        runtime = newRuntime();
        assertThat(runtime.list()).filteredOn(h -> h.app().equals(appA)).extracting(DynoHandle::id).containsExactly(id);
        reconciler = new Reconciler(runtime, Clock.systemUTC(), ReconcilerConfig.defaults().withTick(Duration.ofMillis(300)),
                Readiness.tcpConnect(Duration.ofMillis(300)), (app, b, booting) -> routes.add(b), events::add);
        reconciler.setFormation(web(appA, 1));
        reconciler.reconcileNow();
        reconciler.reconcileNow();
        assertThat(events).isEmpty();
        assertThat(reconciler.dynos(appA)).extracting(Dyno::id, Dyno::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id, DynoState.UP));
        assertThat(containers(appA)).extracting(Container::getId).containsExactly(id);
        // The adopted container's output is followed again.
        Dyno d = reconciler.dynos(appA).get(0);
        assertThat(TestSlugs.get(d.endpoint(), "/index.html")).contains("hello");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                output.stream().anyMatch(l -> l.startsWith(appA + " web.1 ") && l.contains("GET /index.html")));
    }

    @Test
    @Order(4)
    void aDynoOfOneAppCannotConnectToADynoOfAnother() throws Exception {
        reconciler.setFormation(web(appB, 1));
        reconciler.reconcileNow();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            reconciler.reconcileNow();
            return up(appB) == 1;
        });
        DynoHandle b = runtime.list().stream().filter(h -> h.app().equals(appB)).findFirst().orElseThrow();
        String probe = "timeout 3 bash -c 'echo > /dev/tcp/" + b.probe().host() + "/" + b.probe().port()
                + "' && echo reached || echo blocked";
        ByteArrayOutputStream fromB = new ByteArrayOutputStream();
        runOneOff(appB, probe, "", fromB);
        assertThat(fromB.toString(StandardCharsets.UTF_8)).as("control: same app").isEqualTo("reached\n");
        ByteArrayOutputStream fromA = new ByteArrayOutputStream();
        runOneOff(appA, probe, "", fromA);
        assertThat(fromA.toString(StandardCharsets.UTF_8)).isEqualTo("blocked\n");
    }

    @Test
    @Order(5)
    void attachedOneOffsReturnTheExitCodeAndTakeStdin() throws Exception {
        assertThat(runOneOff(appA, "exit 3", "", new ByteArrayOutputStream())).isEqualTo(3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(runOneOff(appA, "read x; echo \"got $x as $DYNO\" | sed 's/run\\.[0-9]*/run.N/'", "hi\n", out)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("got hi as run.N\n");
        // The end of the client's input reaches the command (echo x | paas run cat).
        ByteArrayOutputStream catted = new ByteArrayOutputStream();
        assertThat(runOneOff(appA, "cat; echo done >&2", "line one\nline two\n", catted)).isZero();
        assertThat(catted.toString(StandardCharsets.UTF_8)).isEqualTo("line one\nline two\ndone\n");

        // With a terminal (paas run bash): stdin is a tty inside, output comes back raw.
        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        OneOffSpec withTty = new OneOffSpec(appA, release, "run.77", "test -t 0 && echo on-a-tty; stty size; exit 5",
                Map.of(), DynoSize.standard1x(), true);
        assertThat(runtime.run(withTty, new ByteArrayInputStream(new byte[0]), tty, tty)).isEqualTo(5);
        assertThat(tty.toString(StandardCharsets.UTF_8)).as("a client that does not say its size gets 24x80")
                .isEqualTo("on-a-tty\r\n24 80\r\n");
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.APP, appA, Labels.ONE_OFF, "true"))
                .exec()).as("one-off containers are removed").isEmpty();
    }

    @Test
    @Order(5)
    void aTerminalOneOffStartsAtTheClientsSizeAndFollowsItsResizes() throws Exception {
        ExecTerminal terminal = new ExecTerminal("xterm", 30, 120);
        OneOffSpec spec = new OneOffSpec(appA, release, "run.79", "echo first $(stty size); read x;"
                + " for i in $(seq 100); do s=$(stty size); [ \"$s\" = '20 100' ] && break; sleep 0.1; done; echo then $s",
                Map.of(), DynoSize.standard1x(), true);
        java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
        java.io.PipedInputStream stdin = new java.io.PipedInputStream(typing);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStream shown = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (out) {
                    out.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (out) {
                    out.write(b, off, len);
                }
            }
        };
        var code = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return runtime.run(spec, terminal, stdin, shown, shown);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8).contains("first 30 120");
            }
        });
        terminal.resize(20, 100); // the client's window was resized
        typing.write("\n".getBytes(StandardCharsets.US_ASCII));
        typing.flush();
        assertThat(code.get(30, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        typing.close();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("first 30 120\r\n").endsWith("then 20 100\r\n");
    }

    @Test
    @Order(6)
    void crashesRestartAndSigtermIgnoringDynosAreKilledAtTheGracePeriod() {
        reconciler.close();
        MutableClock clock = new MutableClock(Instant.now());
        events.clear();
        reconciler = new Reconciler(runtime, clock, ReconcilerConfig.defaults().withStopGrace(Duration.ofSeconds(5)),
                Readiness.tcpConnect(Duration.ofMillis(300)), (app, b, booting) -> routes.add(b), events::add);
        reconciler.setFormation(new Formation(appB, release, Map.of(
                "crash", new ProcessFormation("crash", 1, DynoSize.standard1x(), "echo boom; exit 4"),
                "stubborn", new ProcessFormation("stubborn", 1, DynoSize.standard1x(),
                        "trap '' TERM; echo trapped; while true; do sleep 0.2; done"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            reconciler.reconcileNow();
            return events.stream().filter(e -> e instanceof DynoEvent.Crashed).count() >= 2
                    && output.contains(appB + " stubborn.1 trapped");
        });
        assertThat(events).filteredOn(e -> e instanceof DynoEvent.Exited x && x.exitCode() == 4).hasSizeGreaterThanOrEqualTo(2);
        assertThat(output).contains(appB + " crash.1 boom");

        reconciler.setFormation(new Formation(appB, release, Map.of()));
        reconciler.reconcileNow();
        clock.advance(Duration.ofSeconds(5));
        reconciler.reconcileNow();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            reconciler.reconcileNow();
            return containers(appB).isEmpty();
        });
        assertThat(events.stream().flatMap(e -> PlatformLog.lines(e).stream().map(l -> e.dyno() + ": " + l))).contains(
                "stubborn.1: Error R12 (Exit timeout) -> At least one process failed to exit within 5 seconds of SIGTERM",
                "stubborn.1: Process exited with status 137", "web.1: Process exited with status 143");
    }

    @Test
    @Order(7)
    void theEngineGoingAwayIsReportedAndDynosAreFollowedAgainWhenItIsBack() throws Exception {
        reconciler.close();
        runtime.close();
        Path socket = Path.of("/tmp/pmit-" + suffix + ".sock");
        try (UnixSocketProxy proxy = new UnixSocketProxy(socket, Path.of("/var/run/docker.sock"));
             DockerClient viaProxy = Engine.connect(URI.create("unix://" + socket))) {
            proxy.up();
            var config = DockerRuntimeConfig.defaults(tmp.resolve("work")).withPlatform("pmit-" + suffix);
            config = new DockerRuntimeConfig(URI.create("unix://" + socket), config.runImage(), config.workDir(),
                    config.containerPort(), config.publishIp(), config.logMaxSize(), config.platform());
            runtime = new DockerRuntime(viaProxy, config, (app, dyno, line) -> output.add(app + " " + dyno + " " + line),
                    SlugExtractor.defaults(), Clock.systemUTC());
            events.clear();
            reconciler = new Reconciler(runtime, Clock.systemUTC(), ReconcilerConfig.defaults(),
                    Readiness.tcpConnect(Duration.ofMillis(300)), (app, b, booting) -> routes.add(b), events::add);
            reconciler.setFormation(web(appA, 1));
            reconciler.reconcileNow();
            Dyno d = reconciler.dynos(appA).get(0);

            proxy.down();
            reconciler.reconcileNow();
            assertThat(reconciler.lastFailure()).get().asString().contains("did not answer").contains("ensure-engine.sh");
            assertThat(containers(appA)).extracting(Container::getId).as("the dyno keeps running").containsExactly(d.id());

            proxy.up();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                reconciler.reconcileNow();
                return reconciler.lastFailure().isEmpty();
            });
            assertThat(events).as("no restart, no stop").isEmpty();
            assertThat(reconciler.dynos(appA)).extracting(Dyno::id).containsExactly(d.id());
            assertThat(TestSlugs.get(d.endpoint(), "/index.html?after-outage")).contains("hello");
            // A broken log stream is followed again by the next pass (the reconciler's tick in paasd).
            await().atMost(Duration.ofSeconds(45)).until(() -> {
                reconciler.reconcileNow();
                return output.stream().anyMatch(l -> l.startsWith(appA + " web.1 ") && l.contains("after-outage"));
            });

            reconciler.setFormation(web(appA, 0));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reconciler.reconcileNow();
                return containers(appA).isEmpty();
            });
            assertThat(events.stream().flatMap(e -> PlatformLog.lines(e).stream())).contains("State changed from up to down");
            reconciler.close();
            runtime.close();
        }
    }

    /**
     * An app's own image (a Dockerfile build or paas deploy:image): run as it is, in its WORKDIR,
     * never as root (an image whose USER is root runs as uid 1000), with PORT and config, its
     * capabilities dropped like a slug dyno's, and SIGTERM reaching the command's shell.
     */
    @Test
    @Order(8)
    void anAppsOwnImageRunsAsItIsWithTheSameHardening() throws Exception {
        Path context = Files.createDirectories(tmp.resolve("image-context"));
        Files.writeString(context.resolve("Dockerfile"), """
                FROM paas/stack-run:latest
                USER root
                WORKDIR /srv/app
                CMD ["sleep", "infinity"]
                """);
        String imageId = docker.buildImageCmd(context.toFile()).withLabels(Map.of(Labels.APP, appA))
                .start().awaitImageId();
        String digest = docker.inspectImageCmd(imageId).exec().getId().substring("sha256:".length());
        Release image = new Release(2, new paas.process.Artifact.EngineImage(digest), Map.of("GREETING", "hi there"));

        DockerRuntime own = newRuntime(); // the scenario's runtime went with the engine outage above
        try {
            oneOffsOfAnImage(own, image);
        } finally {
            own.close();
        }
    }

    /**
     * The scratch container an image is committed from, left behind by a platform killed during
     * the commit: kept while a build could still be using it, swept by the platform once stale.
     */
    @Test
    @Order(9)
    void aLeftoverImageBuildContainerIsSweptOnceStale() {
        String leftover = docker.createContainerCmd("paas/stack-run:latest")
                .withLabels(Map.of(Labels.MANAGED, "true", Labels.APP, appA, Labels.PLATFORM, "pmit-" + suffix,
                        Labels.IMAGE_BUILD, "true"))
                .withCmd("true").exec().getId();
        MutableClock clock = new MutableClock(Instant.now());
        DockerRuntime sweeping = newRuntime(clock);
        try {
            clock.advance(Duration.ofMinutes(10));
            sweeping.list();
            assertThat(docker.inspectContainerCmd(leftover).exec().getId()).isEqualTo(leftover);
            clock.advance(Duration.ofHours(1));
            sweeping.list();
            assertThat(docker.listContainersCmd().withShowAll(true).withIdFilter(List.of(leftover)).exec()).isEmpty();
        } finally {
            sweeping.close();
        }
    }

    private void oneOffsOfAnImage(DockerRuntime runtime, Release image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OneOffSpec spec = new OneOffSpec(appA, image, "run.8", "id -u; echo \"$PORT $GREETING\"; pwd;"
                + " grep CapEff /proc/self/status", Map.of(), DynoSize.standard1x(), false);
        assertThat(runtime.run(spec, new ByteArrayInputStream(new byte[0]), out, out)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("1000\n5000 hi there\n/srv/app\nCapEff:\t0000000000000000\n");

        ByteArrayOutputStream stopped = new ByteArrayOutputStream();
        OneOffSpec trapping = new OneOffSpec(appA, image, "run.9", "trap 'echo got TERM; exit 0' TERM;"
                + " kill -TERM 1; sleep 5 & wait", Map.of(), DynoSize.standard1x(), false);
        assertThat(runtime.run(trapping, new ByteArrayInputStream(new byte[0]), stopped, stopped)).isZero();
        assertThat(stopped.toString(StandardCharsets.UTF_8)).isEqualTo("got TERM\n");
    }
}
