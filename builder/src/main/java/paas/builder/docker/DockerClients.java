package paas.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.net.URI;
import java.time.Duration;

/** Creates docker-java clients suited to builds: no response timeout, so a quiet build's log stream is not cut. */
public final class DockerClients {
    public static final String DEFAULT_HOST = "unix:///var/run/docker.sock";

    private DockerClients() {
    }

    /** @param dockerHost e.g. {@code unix:///var/run/docker.sock} or {@code tcp://127.0.0.1:2375} */
    public static DockerClient connect(String dockerHost) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(dockerHost))
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
