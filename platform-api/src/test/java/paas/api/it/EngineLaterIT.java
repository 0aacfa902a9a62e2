package paas.api.it;

import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "The runtime follows the engine": paasd started (PAAS_RUNTIME unset) before any Docker engine
 * answers says so once, with the fix, runs no dyno anywhere meanwhile, and uses the docker runtime
 * as soon as the engine answers. The engine "appears" as a symlink to the real engine's socket.
 */
class EngineLaterIT {
    static final Path REAL_ENGINE = Path.of("/var/run/docker.sock");

    @Test
    void paasdStartedBeforeTheEngineSwitchesToDockerOnceItAnswers() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(REAL_ENGINE), "needs the engine at " + REAL_ENGINE);
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            Path socket = fixture.workDir.resolve("engine.sock");
            fixture.env.put("DOCKER_HOST", "unix://" + socket);
            try (PaasdProcess paasd = fixture.startPaasd()) {
                assertThat(paasd.output()).filteredOn(l -> l.contains("no dyno runs until one does"))
                        .singleElement().asString().contains("WARN").contains("no docker engine answers at unix://" + socket)
                        .contains("deploy/docker/ensure-engine.sh").contains("PAAS_RUNTIME=local");
                assertThat(paasd.output()).anyMatch(l -> l.contains("listening on") && l.contains("runtime=docker-awaiting-engine"));
                assertThat(fixture.dataDir.resolve("dynos")).as("no local runtime was made").doesNotExist();
                // The build stack's preparation starts only this host's own engine, never one DOCKER_HOST names.
                assertThat(paasd.awaitLine("the build stack is not ready", Duration.ofSeconds(10))).isTrue();
                assertThat(paasd.output()).filteredOn(l -> l.contains("the build stack is not ready")).singleElement()
                        .asString().contains("WARN").contains("no Docker engine answers at unix://" + socket + " (DOCKER_HOST)");
                assertThat(health(paasd)).contains("\"build_stack\":{\"state\":\"failed\"}");

                Files.createSymbolicLink(socket, REAL_ENGINE);
                assertThat(paasd.awaitLine("answers now: dynos run as containers (runtime=docker)", Duration.ofSeconds(30)))
                        .as(String.join("\n", paasd.output())).isTrue();
                assertThat(paasd.output()).as("no stack trace for an engine that is not there yet")
                        .noneMatch(l -> l.contains(" | at "));
                PaasCli paas = fixture.cli(paasd).withEnv("PAAS_API_TOKEN", PlatformFixture.ADMIN_TOKEN);
                assertThat(paas.run("apps:create", "later", "--no-remote").exitCode()).isZero();
                assertThat(paas.run("admin:orphans", "--json").exitCode()).isZero();
            }
        }
    }

    private static String health(PaasdProcess paasd) throws Exception {
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(paasd.apiUrl() + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }
}
