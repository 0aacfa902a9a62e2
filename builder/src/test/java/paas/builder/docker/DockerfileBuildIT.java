package paas.builder.docker;

import com.github.dockerjava.api.command.InspectImageResponse;
import org.junit.jupiter.api.Test;
import paas.builder.BuildFailedException;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.Image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dockerfile builds against the real engine: the shapes of real Dockerfile apps (a CMD only;
 * heroku.yml with run:, release: and build arguments), and the inputs that must fail with the
 * fix named and leave no image, container or work file behind.
 */
class DockerfileBuildIT extends BuildItSupport {

    private Path appDir(Map<String, String> files) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "app-");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        return dir;
    }

    private BuildRequest dockerRequest(String app, Path dir, Duration timeout, String stack) throws IOException {
        return new BuildRequest("b-" + UUID.randomUUID(), app, "deadbeef", sourceTar(dir), Map.of("SECRET", "s3cret"),
                List.of(), timeout, 500L << 20, stack);
    }

    @Test
    void dockerfileWithOnlyACmdBuildsAnImageWhoseCommandIsWeb() throws Exception {
        String app = app("dockerfile");
        Path dir = appDir(Map.of(
                "Dockerfile", """
                        # The shape of a small Python service's Dockerfile
                        FROM paas/stack-run:latest
                        USER root
                        WORKDIR /srv
                        COPY . /srv
                        RUN date > /srv/built.txt
                        CMD ["python3", "-m", "http.server", "--directory", "/srv"]
                        """,
                "index.html", "<h1>hello from a Dockerfile</h1>\n",
                "package.json", "{\"name\": \"not-used\", \"version\": \"1.0.0\"}\n"));
        RecordingOutput out = new RecordingOutput();
        BuildResult result = runner.build(dockerRequest(app, dir, Duration.ofMinutes(5), BuildRequest.BUILDPACK_STACK), out);

        assertThat(result.artifact()).isInstanceOf(Image.class);
        assertThat(result.buildpack()).isEqualTo(BuildResult.DOCKERFILE);
        assertThat(result.processTypes()).containsExactly(Map.entry("web", "python3 -m http.server --directory /srv"));
        assertThat(out.lines()).contains("-----> Building web (Dockerfile) with Docker", "       The image's command       -> web");
        assertThat(String.join("\n", out.lines())).containsPattern("Step 1/\\d+ : FROM paas/stack-run:latest");
        InspectImageResponse image = docker.inspectImageCmd(((Image) result.artifact()).id()).exec();
        assertThat(image.getConfig().getLabels()).containsEntry(DockerBuildRunner.LABEL_APP, app)
                .containsEntry(DockerBuildRunner.LABEL_OWNER, owner());
        // Config vars are run-time only: nothing of them is in the image.
        assertThat(image.getConfig().getEnv()).noneMatch(e -> e.contains("s3cret"));
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    void herokuYmlChoosesTheDockerfileTheBuildArgumentsAndTheProcessTypes() throws Exception {
        String app = app("herokuyml");
        Path dir = appDir(Map.of(
                "heroku.yml", """
                        build:
                          docker:
                            web: docker/web.Dockerfile
                          config:
                            GREETING: hello from build.config
                        run:
                          web: python3 -m http.server $PORT
                          worker:
                            command:
                              - python3 worker.py
                            image: web
                        release:
                          image: web
                          command:
                            - ./migrate.sh
                        """,
                "docker/web.Dockerfile", """
                        ARG BASE=paas/stack-run:latest
                        FROM ${BASE}
                        ARG GREETING
                        COPY . /app
                        RUN echo "$GREETING" > /app/greeting.txt
                        """,
                "Procfile", "web: ignored because heroku.yml has run:\n",
                "worker.py", "print('working')\n"));
        RecordingOutput out = new RecordingOutput();
        BuildResult result = runner.build(dockerRequest(app, dir, Duration.ofMinutes(5), BuildRequest.CONTAINER_STACK), out);

        assertThat(result.processTypes()).containsOnly(Map.entry("web", "python3 -m http.server $PORT"),
                Map.entry("worker", "python3 worker.py"), Map.entry("release", "./migrate.sh"));
        assertThat(out.lines()).contains("-----> Building web (docker/web.Dockerfile) with Docker",
                "       heroku.yml declares types -> web, worker, release");
        assertNoSlugsAndNoLeftovers(app);
    }

    @Test
    void fromAnImageTheEngineLacksFailsBeforeBuildingAndNamesTheFix() throws Exception {
        String app = app("nofrom");
        Path dir = appDir(Map.of("Dockerfile", "FROM node:18-alpine\nCOPY . /app\nCMD [\"node\", \"index.js\"]\n",
                "index.js", "console.log('hi')\n"));
        RecordingOutput out = new RecordingOutput();
        assertThatThrownBy(() -> runner.build(dockerRequest(app, dir, Duration.ofMinutes(5), BuildRequest.BUILDPACK_STACK), out))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("FROM node:18-alpine: no such image on this platform's Docker engine")
                .hasMessageContaining("docker load -i IMAGE.tar")
                .hasMessageContaining("paas/stack-run:latest")
                .hasMessageContaining("paas buildpacks:set");
        assertNoImagesAndNoLeftovers(app);
    }

    @Test
    void aFailingStepFailsTheBuildWithTheEnginesMessage() throws Exception {
        String app = app("failstep");
        Path dir = appDir(Map.of("Dockerfile", "FROM paas/stack-run:latest\nRUN echo about to fail && exit 7\nCMD [\"true\"]\n"));
        RecordingOutput out = new RecordingOutput();
        assertThatThrownBy(() -> runner.build(dockerRequest(app, dir, Duration.ofMinutes(5), BuildRequest.BUILDPACK_STACK), out))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("the Docker build failed")
                .hasMessageContaining("returned a non-zero code: 7");
        assertThat(out.lines()).contains("about to fail");
        assertNoImagesAndNoLeftovers(app);
    }

    @Test
    void aStepThatNeverEndsTimesOutAndLeavesNothing() throws Exception {
        String app = app("forever");
        Path dir = appDir(Map.of("Dockerfile", "FROM paas/stack-run:latest\nRUN echo sleeping && sleep 600\nCMD [\"true\"]\n"));
        RecordingOutput out = new RecordingOutput();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> runner.build(dockerRequest(app, dir, Duration.ofSeconds(8), BuildRequest.BUILDPACK_STACK), out))
                .isInstanceOf(BuildFailedException.class)
                .hasMessage("build timed out after 8s");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        assertThat(out.lines()).contains("sleeping");
        // The engine stops the step's container once the build's connection is closed.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(docker.listContainersCmd().withShowAll(true).exec())
                        .noneMatch(c -> String.valueOf(c.getCommand()).contains("sleep 600")));
        assertNoImagesAndNoLeftovers(app);
    }

    @Test
    void herokuYmlThatIsNotAMappingIsRefused() throws Exception {
        String app = app("badyml");
        Path dir = appDir(Map.of("heroku.yml", "- web: Dockerfile\n", "Dockerfile", "FROM paas/stack-run:latest\n"));
        assertThatThrownBy(() -> runner.build(dockerRequest(app, dir, Duration.ofMinutes(5), BuildRequest.BUILDPACK_STACK),
                new RecordingOutput()))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("heroku.yml must be a YAML mapping with build: and run: sections, not array");
        assertNoImagesAndNoLeftovers(app);
    }

    @Test
    void containerStackWithoutADockerfileSaysHowToGoBack() throws Exception {
        String app = app("nodocker");
        Path dir = appDir(Map.of("index.html", "<p>static</p>\n"));
        assertThatThrownBy(() -> runner.build(dockerRequest(app, dir, Duration.ofMinutes(5), BuildRequest.CONTAINER_STACK),
                new RecordingOutput()))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("on the container stack, but has neither heroku.yml nor a Dockerfile")
                .hasMessageContaining("paas stack:set paas-bookworm");
        assertNoImagesAndNoLeftovers(app);
    }

    @Test
    void anotherAppsImageIsNotABase() throws Exception {
        String victim = app("victim");
        Path victimDir = appDir(Map.of("Dockerfile", "FROM paas/stack-run:latest\nRUN echo private > /tmp/secret\nCMD [\"true\"]\n"));
        BuildResult built = runner.build(dockerRequest(victim, victimDir, Duration.ofMinutes(5), BuildRequest.BUILDPACK_STACK),
                new RecordingOutput());
        String thief = app("thief");
        Path dir = appDir(Map.of("Dockerfile", "FROM " + ((Image) built.artifact()).id() + "\nCMD [\"cat\", \"/tmp/secret\"]\n"));
        assertThatThrownBy(() -> runner.build(dockerRequest(thief, dir, Duration.ofMinutes(5), BuildRequest.BUILDPACK_STACK),
                new RecordingOutput()))
                .isInstanceOf(BuildFailedException.class)
                .hasMessageContaining("that image belongs to another app");
        assertNoImagesAndNoLeftovers(thief);
    }

    private void assertNoImagesAndNoLeftovers(String app) throws IOException {
        assertThat(docker.listImagesCmd().withLabelFilter(Map.of(DockerBuildRunner.LABEL_APP, app)).exec())
                .as("images of " + app).isEmpty();
        assertNoSlugsAndNoLeftovers(app);
    }
}
