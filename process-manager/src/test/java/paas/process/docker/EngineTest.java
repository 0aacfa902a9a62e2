package paas.process.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.process.DynoOutput;
import paas.process.RuntimeUnavailableException;
import paas.process.slug.SlugExtractor;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineTest {
    @TempDir
    Path tmp;

    @Test
    void anEngineThatDoesNotAnswerIsReportedAsUnavailableWithTheFix() throws Exception {
        URI nowhere = URI.create("unix://" + tmp.resolve("no-engine.sock"));
        DockerRuntimeConfig d = DockerRuntimeConfig.defaults(tmp);
        DockerRuntimeConfig config = new DockerRuntimeConfig(nowhere, d.runImage(), d.workDir(), d.containerPort(),
                d.publishIp(), d.logMaxSize(), d.platform());
        try (var docker = Engine.connect(nowhere);
             DockerRuntime runtime = new DockerRuntime(docker, config, DynoOutput.DISCARD, SlugExtractor.defaults(),
                     Clock.systemUTC())) {
            assertThatThrownBy(runtime::list).isInstanceOf(RuntimeUnavailableException.class)
                    .hasMessageContaining("did not answer").hasMessageContaining("deploy/docker/ensure-engine.sh");
        }
    }
}
