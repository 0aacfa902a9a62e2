package paas.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import paas.builder.BuildOutput;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.slug.DirectorySlugStore;
import paas.builder.support.Tars;
import paas.vocabulary.tar.SafeTar;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * What the Docker build integration tests share: the engine and the stack images (a clear failure
 * naming deploy/stack/build.sh when they are missing), a slug store and a runner in a temporary
 * directory, fixture sources, running a slug's web command in the run image, and removing
 * everything the tests created (containers and volumes found by label) at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BuildItSupport {
    static final String BUILD_IMAGE = "paas/stack-build:latest";
    static final String RUN_IMAGE = "paas/stack-run:latest";
    static final String TEST_LABEL = "paas.test";
    static final String TEST_LABEL_VALUE = "builder-it";
    static final Path APPS = Path.of("src/test/resources/apps");
    static final Path TEST_BUILDPACKS = Path.of("src/test/resources/buildpacks");

    protected final String suffix = UUID.randomUUID().toString().substring(0, 6);
    protected final Set<String> apps = Collections.synchronizedSet(new HashSet<>());
    protected DockerClient docker;
    protected Path tmp;
    protected Path workDir;
    protected DirectorySlugStore store;
    protected DockerBuildRunner runner;

    @BeforeAll
    void engineAndImages() throws IOException {
        String host = System.getenv().getOrDefault("DOCKER_HOST", DockerClients.DEFAULT_HOST);
        docker = DockerClients.connect(host);
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            fail("no Docker engine answers at " + host + "; start one with deploy/docker/ensure-engine.sh (" + e + ")");
        }
        for (String image : List.of(BUILD_IMAGE, RUN_IMAGE)) {
            try {
                docker.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                fail("image " + image + " is missing; build the stack images with deploy/stack/build.sh");
            }
        }
        tmp = Files.createTempDirectory("builder-it-");
        workDir = Files.createDirectories(tmp.resolve("work"));
        store = new DirectorySlugStore(tmp.resolve("data"));
        runner = new DockerBuildRunner(docker,
                DockerBuildConfig.defaults(workDir).withOwner(owner()).withBuildpackRoots(List.of(TEST_BUILDPACKS.toAbsolutePath())),
                store);
    }

    @AfterAll
    void removeEverythingThisTestCreated() {
        if (docker == null) {
            return;
        }
        // Containers are found by label: the test marker, and the apps this class created.
        Map<String, Container> leftovers = new java.util.LinkedHashMap<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(TEST_LABEL, TEST_LABEL_VALUE)).exec()
                .forEach(c -> leftovers.put(c.getId(), c));
        for (String app : apps) {
            docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(DockerBuildRunner.LABEL_APP, app)).exec()
                    .forEach(c -> leftovers.put(c.getId(), c));
        }
        for (String id : leftovers.keySet()) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // removed meanwhile
            }
        }
        for (String app : apps) {
            for (com.github.dockerjava.api.model.Image image : docker.listImagesCmd()
                    .withLabelFilter(Map.of(DockerBuildRunner.LABEL_APP, app)).exec()) {
                try {
                    docker.removeImageCmd(image.getId()).withForce(true).exec();
                } catch (NotFoundException gone) {
                    // removed meanwhile
                }
            }
            List<InspectVolumeResponse> volumes = docker.listVolumesCmd()
                    .withFilter("label", List.of(DockerBuildRunner.LABEL_APP + "=" + app)).exec().getVolumes();
            for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
                try {
                    docker.removeVolumeCmd(v.getName()).exec();
                } catch (NotFoundException gone) {
                    // removed meanwhile
                }
            }
        }
        if (tmp != null) {
            try (Stream<Path> walk = Files.walk(tmp)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                    try {
                        p.toFile().setWritable(true);
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // best effort
                    }
                });
            } catch (IOException ignored) {
                // best effort
            }
        }
        try {
            docker.close();
        } catch (IOException ignored) {
            // closing the client only
        }
    }

    /** This run's owner label, so leftover removal never touches another run's (or paasd's) builds. */
    protected String owner() {
        return "builder-it-" + suffix;
    }

    protected String app(String kind) {
        String app = "it-" + kind + "-" + suffix;
        apps.add(app);
        return app;
    }

    protected BuildRequest request(String buildId, String app, Path dir, List<String> buildpacks) throws IOException {
        return new BuildRequest(buildId, app, "deadbeef", sourceTar(dir), Map.of("GREETING", "hi"), buildpacks,
                Duration.ofMinutes(10), 500L << 20);
    }

    protected Path sourceTar(Path dir) throws IOException {
        return Tars.ofDirectory(dir, Files.createTempFile(tmp, "src-", ".tar"));
    }

    protected void assertNoBuildContainers(String app) {
        assertThat(docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerBuildRunner.LABEL_APP, app, DockerBuildRunner.LABEL_ROLE, "build"))
                .exec()).as("build containers of " + app).isEmpty();
    }

    protected void assertNoSlugsAndNoLeftovers(String app) throws IOException {
        assertNoBuildContainers(app);
        try (Stream<Path> files = Files.list(store.directory())) {
            List<Path> partial = files.filter(p -> !p.getFileName().toString().matches("[0-9a-f]{64}\\.tgz")).toList();
            assertThat(partial).as("partial slugs").isEmpty();
        }
        try (Stream<Path> files = Files.list(workDir)) {
            assertThat(files).as("work files").isEmpty();
        }
    }

    /** Size of the app's npm cache in the cache volume, in KiB, read by a throwaway container. */
    protected long cacheKilobytes(String app) throws InterruptedException {
        String out = runToCompletion(BUILD_IMAGE, List.of(new Bind(DockerBuildRunner.cacheVolumeName(owner(), app), new Volume("/tmp/cache"))),
                "du -sk /tmp/cache/npm/_cacache 2>/dev/null | cut -f1 || echo 0");
        return Long.parseLong(out.strip().isEmpty() ? "0" : out.strip());
    }

    private String runToCompletion(String image, List<Bind> binds, String script) throws InterruptedException {
        CreateContainerResponse c = docker.createContainerCmd(image)
                .withLabels(Map.of(TEST_LABEL, TEST_LABEL_VALUE))
                .withUser("1000:1000")
                .withEntrypoint("bash", "-c", script)
                .withHostConfig(HostConfig.newHostConfig().withBinds(binds))
                .exec();
        try {
            docker.startContainerCmd(c.getId()).exec();
            docker.waitContainerCmd(c.getId()).start().awaitStatusCode(60, TimeUnit.SECONDS);
            return logs(c.getId());
        } finally {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
    }

    protected String logs(String containerId) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                sb.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return sb.toString();
    }

    /**
     * Unpacks the slug with SafeTar (as the process manager will), copies it into /app of a
     * run-image container, sources .profile.d and runs the process type's command with PORT set,
     * and answers the body of GET / once it responds.
     */
    protected String runWeb(String app, BuildResult result, String type) throws Exception {
        Path root = Files.createTempDirectory(tmp, "slug-");
        new SafeTar(SafeTar.Limits.defaults()).extract(store.path(result.slug().sha256()).orElseThrow(), root);
        Path tar = Tars.ofDirectory(root, Files.createTempFile(tmp, "run-", ".tar"));

        String command = result.processTypes().get(type);
        ExposedPort port = ExposedPort.tcp(5000);
        CreateContainerResponse c = docker.createContainerCmd(RUN_IMAGE)
                .withLabels(Map.of(TEST_LABEL, TEST_LABEL_VALUE, DockerBuildRunner.LABEL_APP, app, "paas.role", "test-run"))
                .withUser("1000:1000")
                .withEnv("PORT=5000", "HOME=/app", "DYNO=" + type + ".1")
                .withWorkingDir("/app")
                .withCmd("bash", "-c", "for f in /app/.profile.d/*.sh; do [ -r \"$f\" ] && . \"$f\"; done; exec " + command)
                .withExposedPorts(port)
                .withHostConfig(HostConfig.newHostConfig()
                        .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), port)))
                .exec();
        try (var in = Files.newInputStream(tar)) {
            docker.copyArchiveToContainerCmd(c.getId()).withRemotePath("/app").withTarInputStream(in).exec();
        }
        docker.startContainerCmd(c.getId()).exec();
        Ports.Binding[] bindings = docker.inspectContainerCmd(c.getId()).exec().getNetworkSettings().getPorts()
                .getBindings().get(port);
        URI uri = URI.create("http://127.0.0.1:" + bindings[0].getHostPortSpec() + "/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String[] body = new String[1];
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                body[0] = r.body();
                return r.statusCode() == 200;
            });
        } catch (RuntimeException e) {
            throw new AssertionError("web process '" + command + "' did not answer on " + uri + "; its output:\n"
                    + logs(c.getId()), e);
        } finally {
            docker.removeContainerCmd(c.getId()).withForce(true).exec();
        }
        return body[0];
    }

    /** Keeps every line; optionally calls a hook per line on the streaming thread. */
    static final class RecordingOutput implements BuildOutput {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final long started = System.nanoTime();
        private volatile java.util.function.Consumer<String> hook = l -> { };

        void onLine(java.util.function.Consumer<String> hook) {
            this.hook = hook;
        }

        @Override
        public void line(String text) {
            System.out.printf("  build| %5.1fs %s%n", (System.nanoTime() - started) / 1e9, text);
            lines.add(text);
            hook.accept(text);
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }
}
