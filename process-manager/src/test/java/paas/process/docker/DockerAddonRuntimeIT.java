package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import paas.process.DynoOutput;
import paas.process.addons.AddonContainer;
import paas.process.addons.AddonContainerSpec;
import paas.process.addons.AddonDataMissingException;
import paas.process.addons.AddonEventListener;
import paas.process.addons.AddonRuntime;
import paas.process.addons.ExecTerminal;
import paas.process.slug.SlugExtractor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * One PostgreSQL add-on on the real engine, from the real service image, through its life in
 * order: made, ready, attached, used, adopted by a second runtime, killed from the host and back
 * with its rows, detached, removed with its data. Everything it makes carries its own platform
 * name (or is one of its two app networks) and is removed by that at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerAddonRuntimeIT {
    static final URI ENGINE = URI.create("unix:///var/run/docker.sock");
    static final String IMAGE = "paas/addon-postgresql:latest";
    static final String PROBE_IMAGE = "paas/stack-run:latest";
    static final long MEMORY = 256L << 20;

    final String suffix = HexFormat.of().formatHex(new byte[] {(byte) ThreadLocalRandom.current().nextInt(),
            (byte) ThreadLocalRandom.current().nextInt(), (byte) ThreadLocalRandom.current().nextInt()});
    final String platform = "adit-" + suffix;
    final String appA = "adit-a-" + suffix;
    final String appB = "adit-b-" + suffix;
    final AddonContainerSpec spec = new AddonContainerSpec(UUID.randomUUID().toString(), "postgresql-it-" + suffix,
            "postgresql", "small", IMAGE, Map.of("PAAS_ADDON_PASSWORD", "pw-" + UUID.randomUUID(),
            "PAAS_ADDON_USER", "u" + suffix, "PAAS_ADDON_DATABASE", "d" + suffix), MEMORY, 5432);
    final String objects = "paas-addon-" + spec.name();
    final List<String> events = new CopyOnWriteArrayList<>();
    DockerClient docker;
    DockerRuntimeConfig config;
    DockerAddonRuntime runtime;
    String containerId;

    @BeforeAll
    void engineAndImages() {
        docker = Engine.connect(ENGINE);
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("no docker engine answers at " + ENGINE + " (" + e + "); start one with deploy/docker/ensure-engine.sh");
        }
        for (String image : List.of(IMAGE, PROBE_IMAGE)) {
            try {
                docker.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                fail("the image " + image + " is missing; build it with deploy/stack/build.sh");
            }
        }
        config = DockerRuntimeConfig.defaults(Path.of("/nonexistent")).withPlatform(platform);
        runtime = new DockerAddonRuntime(docker, config);
        runtime.onEvent((addonId, kind, detail) -> events.add(addonId + " " + kind + " " + detail));
    }

    @AfterAll
    void removeEverythingThisTestMade() {
        if (runtime != null) {
            runtime.close();
        }
        List<String> ours = List.of(Labels.PLATFORM + "=" + platform);
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(ours).exec()) {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
        for (var n : docker.listNetworksCmd().exec()) {
            if (n.getName().equals(objects) || n.getName().equals(AppNetworks.name(appA))
                    || n.getName().equals(AppNetworks.name(appB))) {
                docker.removeNetworkCmd(n.getId()).exec();
            }
        }
        var volumes = docker.listVolumesCmd().withFilter("label", ours).exec().getVolumes();
        for (var v : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
            docker.removeVolumeCmd(v.getName()).exec();
        }
        try {
            docker.close();
        } catch (Exception ignored) {
            // closing the client only
        }
    }

    @Test
    @Order(1)
    void ensureRunsAHardenedContainerOnItsInternalNetworkOnlyAndItBecomesReady() throws Exception {
        AddonContainer c = runtime.ensure(spec, AddonRuntime.DataVolume.CREATE);
        containerId = c.containerId();
        assertThat(c.running()).isTrue();
        assertThat(c.apps()).isEmpty();
        assertThat(c.name()).isEqualTo(spec.name());

        InspectContainerResponse i = docker.inspectContainerCmd(containerId).exec();
        assertThat(i.getName()).isEqualTo("/" + objects);
        assertThat(i.getConfig().getLabels()).containsEntry(Labels.MANAGED, "true").containsEntry(Labels.PLATFORM, platform)
                .containsEntry(Labels.ADDON, spec.addonId()).containsEntry(Labels.ADDON_NAME, spec.name())
                .containsEntry(Labels.ADDON_KIND, "postgresql").containsEntry(Labels.ADDON_PLAN, "small")
                .doesNotContainKey(Labels.APP);
        assertThat(i.getConfig().getUser()).isEqualTo("999:999");
        HostConfig host = i.getHostConfig();
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getSecurityOpts()).containsExactly("no-new-privileges");
        assertThat(host.getMemory()).isEqualTo(MEMORY);
        assertThat(host.getMemorySwap()).isEqualTo(MEMORY);
        assertThat(host.getPidsLimit()).isEqualTo(AddonContainers.PIDS_LIMIT);
        assertThat(host.getRestartPolicy()).isEqualTo(RestartPolicy.unlessStoppedRestart());
        assertThat(host.getPublishAllPorts()).isNotEqualTo(Boolean.TRUE);
        assertThat(host.getPortBindings() == null ? Map.of() : host.getPortBindings().getBindings()).isEmpty();
        assertThat(i.getNetworkSettings().getPorts().getBindings())
                .allSatisfy((port, bindings) -> assertThat(bindings).as("published " + port).isNull());
        assertThat(i.getNetworkSettings().getNetworks()).containsOnlyKeys(objects);
        assertThat(i.getMounts()).anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(objects);
            assertThat(m.getDestination().getPath()).isEqualTo(AddonContainers.DATA_DIR);
        });

        var network = docker.inspectNetworkCmd().withNetworkId(objects).exec();
        assertThat(network.getInternal()).isTrue();
        assertThat(network.getLabels()).containsEntry(Labels.ADDON, spec.addonId()).containsEntry(Labels.PLATFORM, platform)
                .doesNotContainKey(Labels.APP);
        assertThat(network.getOptions()).containsEntry(paas.vocabulary.EngineNetworks.BRIDGE_NAME_OPTION,
                paas.vocabulary.EngineNetworks.bridgeFor(objects));
        assertThat(docker.inspectVolumeCmd(objects).exec().getLabels()).containsEntry(Labels.ADDON, spec.addonId())
                .containsEntry(Labels.ADDON_KIND, "postgresql").doesNotContainKey(Labels.APP);

        // The dyno runtime of the same platform (and so its orphan sweep) never sees it as a dyno.
        try (DockerRuntime dynos = new DockerRuntime(docker, config, DynoOutput.DISCARD, SlugExtractor.defaults(),
                Clock.systemUTC())) {
            assertThat(dynos.list()).isEmpty();
        }
        assertThat(runtime.list()).extracting(AddonContainer::addonId).containsExactly(spec.addonId());

        assertThat(runtime.awaitReady(spec.addonId(), Duration.ofSeconds(60))).isTrue();
    }

    @Test
    @Order(2)
    void anAttachedAddonIsReachedByItsNameFromItsAppsNetworkOnly() throws Exception {
        runtime.attach(spec.addonId(), appA);
        runtime.attach(spec.addonId(), appA); // idempotent
        assertThat(runtime.find(spec.addonId()).orElseThrow().apps()).containsExactly(appA);
        new AppNetworks(docker, ENGINE).ensure(appB);
        String ipOnA = docker.inspectContainerCmd(containerId).exec().getNetworkSettings().getNetworks()
                .get(AppNetworks.name(appA)).getIpAddress();

        assertThat(probe(appA, spec.name(), ipOnA)).as("a dyno of app A connects to NAME:5432 and to its address")
                .isEqualTo(3);
        assertThat(probe(appB, spec.name(), ipOnA)).as("a dyno of app B reaches it neither by name nor by address")
                .isZero();

        // The dyno runtime removes an app's network after its last dyno: not while an add-on is on it.
        new AppNetworks(docker, ENGINE).removeIfUnused(appA);
        assertThat(runtime.find(spec.addonId()).orElseThrow().apps()).containsExactly(appA);
    }

    @Test
    @Order(3)
    void execWithATerminalGivesTheCommandATtyOfTheClientsSizeAndTerm() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = runtime.exec(spec.addonId(), List.of("sh", "-c", "tty; stty size; echo \"$TERM\"; read line;"
                        + " echo \"got $line\" >&2; exit 3"), Optional.of(new ExecTerminal("xterm-256color", 30, 100)),
                new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)), out, err);
        String screen = out.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(3);
        // One stream, as a terminal shows it: what was typed is echoed, errors come with the output.
        assertThat(screen).contains("/dev/pts/").contains("30 100\r\n").contains("xterm-256color\r\n")
                .contains("hello").contains("got hello");
        assertThat(err.size()).isZero();
        // Without a terminal the same command has none.
        assertThat(exec(null, "sh", "-c", "tty; exit 0")).isEqualTo("0 not a tty\n");

        // Resized while the command runs (the client's window): the command's terminal follows.
        ExecTerminal resized = new ExecTerminal("xterm", 0, 0);
        var typed = new java.io.PipedOutputStream();
        var input = new java.io.PipedInputStream(typed);
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        var ended = new java.util.concurrent.CompletableFuture<Integer>();
        Thread.ofPlatform().start(() -> {
            try {
                ended.complete(runtime.exec(spec.addonId(), List.of("sh", "-c", "while read x; do stty size; done"),
                        Optional.of(resized), input, shown, shown));
            } catch (Throwable t) {
                ended.completeExceptionally(t);
            }
        });
        typed.write("a\n".getBytes(StandardCharsets.UTF_8));
        typed.flush();
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.toString(StandardCharsets.UTF_8).contains("24 80\r\n"));
        resized.resize(50, 120);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            typed.write("b\n".getBytes(StandardCharsets.UTF_8));
            typed.flush();
            return shown.toString(StandardCharsets.UTF_8).contains("50 120\r\n");
        });
        typed.write(4); // Ctrl-D: the end of input, as a terminal says it
        typed.flush();
        assertThat(ended.get(10, TimeUnit.SECONDS)).isZero();
    }

    @Test
    @Order(3)
    void execRunsToolsInsideAsThePostgresUserWithInputAndExitCode() throws Exception {
        assertThat(exec(null, "psql", "-v", "ON_ERROR_STOP=1", "-d", "d" + suffix, "-c",
                "create table t (n int); insert into t values (1), (2), (3);")).startsWith("0 ");
        assertThat(exec("select count(*) from t;\n", "psql", "-At", "-v", "ON_ERROR_STOP=1", "-d", "d" + suffix))
                .isEqualTo("0 3\n");
        assertThat(exec(null, "id", "-u")).isEqualTo("0 999\n");
        assertThat(exec(null, "sh", "-c", "echo oops >&2; exit 7")).isEqualTo("7 ");

        // An interrupted caller ends the command (and what it started) inside the container.
        var interrupted = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                exec(null, "sh", "-c", "sleep 1234 & sleep 1234; wait");
                interrupted.complete(null);
            } catch (Throwable t) {
                interrupted.complete(t);
            }
        });
        String sleeping = "for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline; echo; done | grep -c '^sleep 1234'";
        await().atMost(Duration.ofSeconds(10)).until(() -> exec(null, "sh", "-c", sleeping).equals("0 2\n"));
        caller.interrupt();
        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> exec(null, "sh", "-c", sleeping).equals("1 0\n"));
    }

    @Test
    @Order(4)
    void aRuntimeOfARestartedPlatformAdoptsTheSameContainer() {
        try (DockerAddonRuntime second = new DockerAddonRuntime(docker, config)) {
            AddonContainer adopted = second.ensure(spec, AddonRuntime.DataVolume.EXISTING);
            assertThat(adopted.containerId()).isEqualTo(containerId);
            assertThat(adopted.apps()).containsExactly(appA);
            assertThat(second.list()).extracting(AddonContainer::containerId).containsExactly(containerId);
        }
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.ADDON, spec.addonId()))
                .exec()).hasSize(1);
    }

    @Test
    @Order(5)
    void aContainerKilledFromTheHostComesBackWithItsCommittedRows() throws Exception {
        killFromHostAndAwaitCrashAndRestart();
        AddonContainer back = runtime.find(spec.addonId()).orElseThrow();
        assertThat(back.containerId()).isEqualTo(containerId);
        assertThat(back.running()).isTrue();
        assertThat(back.apps()).containsExactly(appA);

        // An engine that does not restart it (here: its restart policy taken away): the runtime does.
        // (docker-java cannot send the policy "no": its noRestart() has no name, which the engine ignores)
        run("docker", "update", "--restart=no", containerId);
        assertThat(docker.inspectContainerCmd(containerId).exec().getHostConfig().getRestartPolicy().getName())
                .isEqualTo("no");
        try {
            killFromHostAndAwaitCrashAndRestart();
        } finally {
            run("docker", "update", "--restart=unless-stopped", containerId);
        }
        assertThat(runtime.find(spec.addonId()).orElseThrow().containerId()).isEqualTo(containerId);
        assertThat(runtime.awaitReady(spec.addonId(), Duration.ofSeconds(60))).isTrue();
        assertThat(exec(null, "psql", "-At", "-d", "d" + suffix, "-c", "select sum(n) from t")).isEqualTo("0 6\n");
    }

    void killFromHostAndAwaitCrashAndRestart() throws Exception {
        int seen = events.size();
        run("kill", "-9", Long.toString(docker.inspectContainerCmd(containerId).exec().getState().getPidLong()));
        // On a copy: a sublist of the live list fails (ConcurrentModificationException, not an
        // assertion error) when an event arrives while a failed check formats its message.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> now = List.copyOf(events);
            assertThat(now.subList(seen, now.size()))
                    .containsExactly(spec.addonId() + " " + AddonEventListener.Kind.CRASHED + " exit 137",
                            spec.addonId() + " " + AddonEventListener.Kind.RESTARTED + " started again");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.find(spec.addonId()).orElseThrow().running());
    }

    @Test
    @Order(6)
    void detachThenRemoveWithPurgeLeavesNothing() {
        runtime.detach(spec.addonId(), appA);
        runtime.detach(spec.addonId(), appA); // idempotent
        assertThat(runtime.find(spec.addonId()).orElseThrow().apps()).isEmpty();
        assertThat(docker.listNetworksCmd().withNameFilter(AppNetworks.name(appA)).exec())
                .as("app A's network goes with its last user").noneMatch(n -> n.getName().equals(AppNetworks.name(appA)));

        runtime.remove(spec.addonId(), true);
        runtime.remove(spec.addonId(), true); // already gone: no error
        assertThat(runtime.find(spec.addonId())).isEmpty();
        assertThat(docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.ADDON, spec.addonId()))
                .exec()).isEmpty();
        assertThat(docker.listNetworksCmd().withNameFilter(objects).exec()).noneMatch(n -> n.getName().equals(objects));
        var volumes = docker.listVolumesCmd().withFilter("name", List.of(objects)).exec().getVolumes();
        assertThat(volumes == null ? List.of() : volumes).isEmpty();
    }

    @Test
    @Order(7)
    void aProvisionedAddonWhoseVolumeWasRemovedByHandIsNotMadeAgainOnAnEmptyOne() throws Exception {
        runtime.ensure(spec, AddonRuntime.DataVolume.CREATE);
        // Its container alone removed: made again on the volume that holds its data.
        run("docker", "rm", "-f", objects);
        String second = runtime.ensure(spec, AddonRuntime.DataVolume.EXISTING).containerId();
        assertThat(docker.inspectContainerCmd(second).exec().getMounts())
                .anySatisfy(m -> assertThat(m.getName()).isEqualTo(objects));

        // Container and volume removed by hand: a restarted platform makes nothing in their place.
        run("docker", "rm", "-f", objects);
        run("docker", "volume", "rm", objects);
        try (DockerAddonRuntime restarted = new DockerAddonRuntime(docker, config)) {
            assertThatThrownBy(() -> restarted.ensure(spec, AddonRuntime.DataVolume.EXISTING))
                    .isInstanceOfSatisfying(AddonDataMissingException.class, e -> {
                        assertThat(e.addonId()).isEqualTo(spec.addonId());
                        assertThat(e.volume()).isEqualTo(objects);
                    });
            assertThat(restarted.find(spec.addonId())).isEmpty();
        }
        var volumes = docker.listVolumesCmd().withFilter("name", List.of(objects)).exec().getVolumes();
        assertThat(volumes == null ? List.of() : volumes).as("no empty volume in its place").isEmpty();

        // Re-provisioning on purpose (the owner's explicit word) makes an empty one.
        assertThat(runtime.ensure(spec, AddonRuntime.DataVolume.CREATE).running()).isTrue();
        runtime.remove(spec.addonId(), true);
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", command)).isTrue();
    }

    /** Exit code and output ("CODE OUTPUT") of a command run in the add-on. */
    String exec(String stdin, String... command) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = runtime.exec(spec.addonId(), List.of(command),
                stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err);
        return code + " " + out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Which of {@code NAME:5432} and {@code ADDRESS:5432} a container on the app's network connects
     * to within 2 s each: 1 for the name, 2 for the address, 3 for both, 0 for neither.
     */
    int probe(String app, String name, String address) throws InterruptedException {
        String connects = "timeout 2 bash -c 'exec 3<>/dev/tcp/%s/5432' 2>/dev/null";
        String script = "r=0; if " + connects.formatted(name) + "; then r=$((r + 1)); fi; if "
                + connects.formatted(address) + "; then r=$((r + 2)); fi; exit $r";
        String id = docker.createContainerCmd(PROBE_IMAGE)
                .withCmd("bash", "-c", script)
                .withLabels(Map.of(Labels.PLATFORM, platform))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(AppNetworks.name(app)))
                .exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            return docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }
}
