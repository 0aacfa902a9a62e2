package paas.builder.docker;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.support.Tars;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds the fixture apps under src/test/resources/apps (Node/Express, Maven with a wrapper, a
 * static site, a Procfile-only app) with the real Docker engine and the stack images, then runs
 * each slug's web command in the run image and asks it over HTTP.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DockerBuildRunnerIT extends BuildItSupport {
    private Duration firstNodeBuild;

    // ---------------------------------------------------------------- successful builds

    @Test
    @Order(1)
    void nodeExpressAppBuildsStreamsItsOutputAndAnswersHttp() throws Exception {
        String app = app("node");
        RecordingOutput out = new RecordingOutput();
        String buildId = "b-" + UUID.randomUUID();
        AtomicBoolean runningWhileStreaming = new AtomicBoolean();
        out.onLine(line -> {
            // This line comes from inside bin/compile, before npm install: the container must still run.
            if (line.contains("Installing node modules") && !runningWhileStreaming.get()) {
                runningWhileStreaming.set(!docker.listContainersCmd()
                        .withLabelFilter(Map.of(DockerBuildRunner.LABEL_BUILD, buildId))
                        .withStatusFilter(List.of("running")).exec().isEmpty());
            }
        });

        long t0 = System.nanoTime();
        BuildResult result = runner.build(request(buildId, app, APPS.resolve("node-express"), List.of()), out);
        firstNodeBuild = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(runningWhileStreaming).as("a compile line arrived while the build container was running").isTrue();
        assertThat(out.lines()).contains("-----> Node.js app detected", "-----> Building on the paas-bookworm stack",
                        "       npm cache is empty (first build of this app)")
                .doesNotContain("       Using the npm cache from earlier builds",
                        "       Restored node_modules from the build cache")
                .anySatisfy(l -> assertThat(l).startsWith("       added ").contains("packages"))
                .anySatisfy(l -> assertThat(l).contains("Warning: package.json asks for Node.js \">=99\""))
                .anySatisfy(l -> assertThat(l).contains("npm install"));
        assertThat(result.buildpack()).isEqualTo("nodejs");
        assertThat(result.processTypes()).containsExactly(Map.entry("web", "npm start"));
        assertThat(result.slug().sizeBytes()).isEqualTo(Files.size(store.path(result.slug().sha256()).orElseThrow()));

        Map<String, String> slug = Tars.list(store.path(result.slug().sha256()).orElseThrow());
        assertThat(slug).containsKey("node_modules/express/package.json")
                .containsKey(".profile.d/nodejs.sh")
                .containsEntry("built.txt", "built with devDependencies: true\n")
                .doesNotContainKey("node_modules/is-number/package.json");   // devDependencies pruned
        assertThat(slug.keySet()).noneMatch(n -> n.startsWith(".npm") || n.startsWith("tmp/"));
        assertThat(cacheKilobytes(app)).as("npm cache in the cache volume").isGreaterThan(100);

        String body = runWeb(app, result, "web");
        assertThat(body).contains("hello from express, NODE_ENV=production, built with devDependencies: true");
        assertNoBuildContainers(app);
    }

    @Test
    @Order(2)
    void secondBuildOfTheUnchangedNodeAppReusesTheCache() throws Exception {
        String app = apps.stream().filter(a -> a.startsWith("it-node-")).findFirst().orElseThrow(
                () -> new AssertionError("runs after nodeExpressAppBuildsStreamsItsOutputAndAnswersHttp"));
        long sizeBefore = cacheKilobytes(app);
        RecordingOutput out = new RecordingOutput();
        long t0 = System.nanoTime();
        BuildResult result = runner.build(request("b-" + UUID.randomUUID(), app, APPS.resolve("node-express"), List.of()), out);
        Duration second = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(out.lines()).contains("       Using the npm cache from earlier builds",
                "       Restored node_modules from the build cache");
        assertThat(result.processTypes()).containsEntry("web", "npm start");
        assertThat(cacheKilobytes(app)).isGreaterThanOrEqualTo(sizeBefore);
        String note = String.format("Node build durations: first %.1fs (empty cache), second %.1fs (cache reused)",
                firstNodeBuild.toMillis() / 1000.0, second.toMillis() / 1000.0);
        System.out.println(note);
        Files.writeString(Path.of("target/node-build-durations.txt"), note + "\n");
    }

    @Test
    @Order(3)
    void mavenAppWithWrapperBuildsAndAnswersHttp() throws Exception {
        String app = app("java");
        RecordingOutput out = new RecordingOutput();
        BuildResult result = runner.build(request("b-" + UUID.randomUUID(), app, APPS.resolve("java-maven"),
                List.of()), out);

        assertThat(out.lines()).contains("-----> Java (Maven) app detected")
                .anySatisfy(l -> assertThat(l).contains("Using the Maven wrapper"))
                .anySatisfy(l -> assertThat(l).contains("BUILD SUCCESS"));
        assertThat(result.buildpack()).isEqualTo("java-maven");
        assertThat(result.processTypes()).containsExactly(Map.entry("web",
                "java $JAVA_OPTS -Dserver.port=$PORT -jar target/java-maven-fixture-1.0.0.jar"));
        assertThat(Tars.list(store.path(result.slug().sha256()).orElseThrow()))
                .containsKeys("target/java-maven-fixture-1.0.0.jar", ".profile.d/jvm.sh");
        assertThat(runWeb(app, result, "web")).startsWith("hello from java 17");
    }

    @Test
    @Order(4)
    void staticSiteHonoursSlugignoreAndIsServed() throws Exception {
        String app = app("static");
        RecordingOutput out = new RecordingOutput();
        BuildResult result = runner.build(request("b-" + UUID.randomUUID(), app, APPS.resolve("static-site"), List.of()), out);

        assertThat(out.lines()).contains("-----> Static HTML app detected", "-----> .slugignore removed 3 entries before the build");
        assertThat(result.buildpack()).isEqualTo("static");
        assertThat(result.processTypes()).containsOnlyKeys("web");
        assertThat(Tars.list(store.path(result.slug().sha256()).orElseThrow()).keySet())
                .contains("index.html", "css/site.css").doesNotContain("logo.psd", "drafts/wip.html", "drafts/");
        assertThat(runWeb(app, result, "web")).contains("hello from a static site");
    }

    @Test
    @Order(5)
    void procfileOnlyAppUsesItsProcfileTypes() throws Exception {
        String app = app("procfile");
        RecordingOutput out = new RecordingOutput();
        BuildResult result = runner.build(request("b-" + UUID.randomUUID(), app, APPS.resolve("procfile-python"),
                List.of()), out);

        assertThat(out.lines()).contains("-----> Procfile app detected", "       Procfile declares types     -> web, worker");
        assertThat(result.buildpack()).isEqualTo("procfile");
        // BuildResult copies into an unordered map
        assertThat(result.processTypes()).containsOnly(Map.entry("web", "python3 server.py"),
                Map.entry("worker", "python3 -c \"import time; time.sleep(3600)\""));
        assertThat(runWeb(app, result, "web")).isEqualTo("hello from a Procfile app\n");
    }

    @Test
    @Order(16)
    void configVarsAreEnvDirFilesNotEnvironment() throws Exception {
        Path bp = Files.createDirectories(tmp.resolve("bps/envcheck/bin"));
        Files.writeString(bp.resolve("detect"), "#!/usr/bin/env bash\necho EnvCheck\n");
        Files.writeString(bp.resolve("compile"), """
                #!/usr/bin/env bash
                set -euo pipefail
                echo "       SECRET in env: ${SECRET:-<unset>}"
                echo "       SECRET in ENV_DIR: $(cat "$3/SECRET")"
                echo "       STACK=$STACK SOURCE_VERSION=$SOURCE_VERSION"
                echo "export FROM_EXPORT=yes" > "$(dirname "$0")/../export"
                """);
        Path bp2 = Files.createDirectories(tmp.resolve("bps/second/bin"));
        Files.writeString(bp2.resolve("detect"), "#!/usr/bin/env bash\necho Second\n");
        Files.writeString(bp2.resolve("compile"), "#!/usr/bin/env bash\necho \"       FROM_EXPORT=${FROM_EXPORT:-<unset>}\"\n");
        Files.writeString(bp2.resolve("release"), "#!/usr/bin/env bash\nprintf -- '---\\ndefault_process_types:\\n  web: ./second\\n'\n");
        DockerBuildRunner withMine = new DockerBuildRunner(docker,
                DockerBuildConfig.defaults(workDir).withOwner(owner()).withBuildpackRoots(List.of(tmp.resolve("bps"))), store);
        String app = app("env");
        RecordingOutput out = new RecordingOutput();
        BuildRequest request = new BuildRequest("b-" + UUID.randomUUID(), app, "0123abcd",
                sourceTar(APPS.resolve("procfile-python")), Map.of("SECRET", "s3cr3t value"),
                List.of("envcheck", tmp.resolve("bps/second").toString()), Duration.ofMinutes(5), 500L << 20);
        BuildResult result = withMine.build(request, out);

        assertThat(out.lines()).contains("       SECRET in env: <unset>", "       SECRET in ENV_DIR: s3cr3t value",
                "       STACK=paas-bookworm SOURCE_VERSION=0123abcd", "       FROM_EXPORT=yes",
                "-----> EnvCheck app detected", "-----> Second app detected");
        // the last buildpack's defaults, with the Procfile winning for "web"
        assertThat(result.processTypes()).containsEntry("web", "python3 server.py").containsKey("worker");
        assertThat(result.buildpack()).isEqualTo(tmp.resolve("bps/second").toString());
    }
}
