package paas.builder.docker;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import paas.builder.BuildFailedException;
import paas.builder.BuildRequest;
import paas.builder.support.Tars;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import paas.builder.slug.DirectorySlugStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Builds that must fail, and what they must leave behind: nothing (no container, no slug, no
 * temporary file), with a message that says what happened.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerBuildFailuresIT extends BuildItSupport {
    // ---------------------------------------------------------------- failures

    @Test
    @Order(10)
    void appNoBuildpackRecognisesFailsWithAClearMessage() throws Exception {
        String app = app("nothing");
        RecordingOutput out = new RecordingOutput();
        assertThatThrownBy(() -> runner.build(request("b-" + UUID.randomUUID(), app, APPS.resolve("nothing"), List.of()), out))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("No buildpack recognised this app (tried: nodejs, java-maven, python, go, static, procfile)")
                .hasMessageContaining("paas buildpacks:set");
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    @Order(11)
    void failingCompileFailsTheBuildAndKeepsItsOutput() throws Exception {
        String app = app("failing");
        RecordingOutput out = new RecordingOutput();
        assertThatThrownBy(() -> runner.build(request("b-" + UUID.randomUUID(), app, APPS.resolve("static-site"),
                List.of("failing")), out))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("buildpack 'failing' (bin/compile) exited with status 3");
        assertThat(out.lines()).contains("-----> Test failing app detected", "-----> Failing on purpose",
                "       step 1 of 2 done", "       this line must reach the user");
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    @Order(12)
    void hangingBuildTimesOutAndLeavesNothing() throws Exception {
        String app = app("sleepy");
        String buildId = "b-" + UUID.randomUUID();
        RecordingOutput out = new RecordingOutput();
        BuildRequest request = new BuildRequest(buildId, app, "abc123", sourceTar(APPS.resolve("static-site")),
                Map.of(), List.of("sleepy"), Duration.ofSeconds(5), 500L << 20);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> runner.build(request, out))
                .isInstanceOf(BuildFailedException.class)
                .hasMessage("build timed out after 5s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        assertThat(out.lines()).contains("-----> Sleeping for 10 minutes");
        assertThat(docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerBuildRunner.LABEL_BUILD, buildId)).exec()).isEmpty();
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    @Order(13)
    void slugOverTheLimitFailsWithTheSizesAndLeavesNoFile() throws Exception {
        String app = app("toobig");
        BuildRequest request = new BuildRequest("b-" + UUID.randomUUID(), app, "abc123",
                sourceTar(APPS.resolve("procfile-python")), Map.of(), List.of(), Duration.ofMinutes(5), 300);
        assertThatThrownBy(() -> runner.build(request, new RecordingOutput()))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageMatching("slug is .* \\(\\d+ bytes\\), over the limit of 300 B \\(300 bytes\\).*");
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    @Order(15)
    void fullDiskFailsTheBuildWithTheReasonAndLeavesNothing() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting a small tmpfs needs root (CI runs as root)");
        Path small = Files.createDirectories(tmp.resolve("small"));
        assertThat(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", small.toString())
                .inheritIO().start().waitFor()).as("mount a 3 MB tmpfs").isZero();
        try {
            Path smallWork = Files.createDirectories(small.resolve("work"));
            DirectorySlugStore smallStore = new DirectorySlugStore(small.resolve("data"));
            DockerBuildRunner tight = new DockerBuildRunner(docker, DockerBuildConfig.defaults(smallWork).withOwner(owner())
                    .withBuildpackRoots(List.of(TEST_BUILDPACKS.toAbsolutePath())), smallStore);
            String app = app("diskfull");
            RecordingOutput out = new RecordingOutput();
            assertThatThrownBy(() -> tight.build(request("b-" + UUID.randomUUID(), app, APPS.resolve("static-site"),
                    List.of("bloater")), out))
                    .isInstanceOf(BuildFailedException.class)
                    .hasMessageContaining("ran out of disk space").hasMessageContaining("free space");
            assertThat(out.lines()).contains("-----> Bloating the app");
            assertNoBuildContainers(app);
            try (Stream<Path> files = Files.list(smallStore.directory())) {
                assertThat(files).as("no partial slug").isEmpty();
            }
            try (Stream<Path> files = Files.list(smallWork)) {
                assertThat(files).as("no work files").isEmpty();
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    @Order(14)
    void buildpackWritingOutsideItsDirectoriesFails() throws Exception {
        String app = app("escaper");
        RecordingOutput out = new RecordingOutput();
        assertThatThrownBy(() -> runner.build(request("b-" + UUID.randomUUID(), app, APPS.resolve("static-site"),
                List.of("escaper")), out))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("buildpack 'escaper' (bin/compile) exited with status 1");
        assertThat(out.lines()).contains("uid=1000")
                .anySatisfy(l -> assertThat(l).contains("/etc/paas-escape-canary").contains("Permission denied"))
                .doesNotContain("-----> escaped");
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    @Order(15)
    void badProcfileLineFailsTheBuildWithItsNumber() throws Exception {
        String app = app("badproc");
        Path src = new Tars().file("Procfile", "web: python3 -m http.server $PORT\n\nnot a valid line\n")
                .writeTo(tmp.resolve("badproc.tar"));
        BuildRequest request = new BuildRequest("b-" + UUID.randomUUID(), app, "abc123", src, Map.of("FOO", "bar"),
                List.of(), Duration.ofMinutes(5), 500L << 20);
        assertThatThrownBy(() -> runner.build(request, new RecordingOutput()))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("Procfile line 3");
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    @Order(17)
    void interruptedBuildRemovesItsContainerAndKeepsNoSlug() throws Exception {
        String app = app("interrupt");
        String buildId = "b-" + UUID.randomUUID();
        java.util.concurrent.CountDownLatch sleeping = new java.util.concurrent.CountDownLatch(1);
        RecordingOutput out = new RecordingOutput();
        out.onLine(l -> {
            if (l.contains("Sleeping")) {
                sleeping.countDown();
            }
        });
        BuildRequest request = new BuildRequest(buildId, app, "abc123", sourceTar(APPS.resolve("static-site")),
                Map.of(), List.of("sleepy"), Duration.ofMinutes(5), 500L << 20);
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        Thread builder = new Thread(() -> {
            try {
                runner.build(request, out);
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "interrupted-build");
        builder.start();
        assertThat(sleeping.await(60, TimeUnit.SECONDS)).as("the sleepy buildpack started").isTrue();
        builder.interrupt();
        builder.join(30_000);

        assertThat(builder.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerBuildRunner.LABEL_BUILD, buildId)).exec()).isEmpty();
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    @Order(18)
    void leftoverBuildContainersAreRemovedAtStart() {
        String app = app("leftover");
        String id = docker.createContainerCmd(BUILD_IMAGE)
                .withLabels(Map.of(TEST_LABEL, TEST_LABEL_VALUE, DockerBuildRunner.LABEL_APP, app,
                        DockerBuildRunner.LABEL_ROLE, "build", DockerBuildRunner.LABEL_BUILD, "b-leftover",
                        DockerBuildRunner.LABEL_OWNER, owner()))
                .withEntrypoint("sleep", "300").exec().getId();
        docker.startContainerCmd(id).exec();
        String othersApp = app("others");
        String others = docker.createContainerCmd(BUILD_IMAGE)
                .withLabels(Map.of(TEST_LABEL, TEST_LABEL_VALUE, DockerBuildRunner.LABEL_APP, othersApp,
                        DockerBuildRunner.LABEL_ROLE, "build", DockerBuildRunner.LABEL_OWNER, "another-" + suffix))
                .withEntrypoint("sleep", "300").exec().getId();

        assertThat(runner.removeLeftoverBuildContainers()).isEqualTo(1);
        assertNoBuildContainers(app);
        // another platform's (or test run's) build on the same engine is left alone
        assertThat(docker.inspectContainerCmd(others).exec().getId()).isEqualTo(others);
    }

    @Test
    @Order(19)
    void missingBuildImageFailsNamingTheScriptThatBuildsIt() throws Exception {
        String app = app("noimage");
        DockerBuildRunner noImage = new DockerBuildRunner(docker,
                DockerBuildConfig.defaults(workDir).withOwner(owner()).withBuildImage("paas/stack-build:does-not-exist"), store);
        assertThatThrownBy(() -> noImage.build(request("b-" + UUID.randomUUID(), app, APPS.resolve("static-site"),
                List.of()), new RecordingOutput()))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("paas/stack-build:does-not-exist")
                .hasMessageContaining("deploy/stack/build.sh");
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    @Order(20)
    void escapingSourceArchiveIsRefusedBeforeAnyContainerRuns() throws Exception {
        String app = app("evilsrc");
        Path evil = new Tars().file("index.html", "<h1>hi</h1>").file("../canary", "pwned")
                .writeTo(tmp.resolve("evil.tar"));
        BuildRequest request = new BuildRequest("b-" + UUID.randomUUID(), app, "abc123", evil, Map.of(), List.of(),
                Duration.ofMinutes(5), 500L << 20);
        assertThatThrownBy(() -> runner.build(request, new RecordingOutput()))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("refused tar entry '../canary'");
        assertNoSlugsAndNoLeftovers(app);
    }
}
