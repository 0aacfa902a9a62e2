package paas.api.deploy;

import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.builder.BuildFailedException;
import paas.builder.BuildRequest;
import paas.builder.docker.DockerBuildConfig;
import paas.builder.docker.DockerBuildRunner;
import paas.builder.docker.DockerClients;
import paas.builder.slug.DirectorySlugStore;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerBuildsTest {
    @TempDir
    Path tmp;

    /** An engine address where nothing answers: a build that got past the stack would fail on it. */
    DockerBuilds builds(BuildStack stack) throws Exception {
        String nowhere = "unix://" + tmp.resolve("no-engine.sock");
        DockerClient docker = DockerClients.connect(nowhere);
        DockerBuildConfig config = DockerBuildConfig.defaults(tmp.resolve("builds"));
        return new DockerBuilds(docker, nowhere, config,
                new DockerBuildRunner(docker, config, new DirectorySlugStore(tmp.resolve("data"))), stack);
    }

    BuildRequest request() {
        return new BuildRequest("b1", "shop", "a".repeat(40), tmp.resolve("src.tar"), Map.of(), List.of(),
                Duration.ofMinutes(1), 1024, "heroku-24");
    }

    @Test
    void aBuildWaitsForTheStackFirstAndFailsWithItsReason() throws Exception {
        List<String> out = new ArrayList<>();
        BuildStack failing = output -> {
            output.line("-----> Preparing the build stack (1/2) ... stack-run Step 1/2 : ARG BASE");
            throw new BuildFailedException("the build stack is not ready: run `sudo /opt/paas/deploy/stack/build.sh`");
        };
        assertThatThrownBy(() -> builds(failing).build(request(), out::add)).isInstanceOf(BuildFailedException.class)
                .hasMessage("the build stack is not ready: run `sudo /opt/paas/deploy/stack/build.sh`");
        assertThat(out).containsExactly("-----> Preparing the build stack (1/2) ... stack-run Step 1/2 : ARG BASE");
    }

    @Test
    void onceTheStackIsReadyTheEngineIsCheckedAsBefore() throws Exception {
        assertThatThrownBy(() -> builds(BuildStack.MANAGED_ELSEWHERE).build(request(), line -> {
        })).isInstanceOf(BuildFailedException.class).hasMessageContaining("no Docker engine answers at unix://")
                .hasMessageContaining("deploy/docker/ensure-engine.sh");
    }
}
