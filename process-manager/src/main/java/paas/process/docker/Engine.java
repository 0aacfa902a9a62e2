package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import paas.process.RuntimeUnavailableException;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

/** Connecting to the engine, and telling "the engine is gone" apart from "the engine said no". */
public final class Engine {
    private Engine() {
    }

    /**
     * A client for the engine at {@code host}, configured from the arguments only (no
     * environment, no ~/.docker). Long enough responses (log streams) have no timeout.
     */
    public static DockerClient connect(URI host) {
        DefaultDockerClientConfig config = new DefaultDockerClientConfig.Builder().withDockerHost(host.toString()).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                // Two streams per dyno (logs, wait) plus calls: room for a few hundred dynos.
                .maxConnections(1000).connectionTimeout(Duration.ofSeconds(5)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Runs an engine call; a failure to reach the engine becomes {@link RuntimeUnavailableException}. */
    static <T> T call(URI host, Supplier<T> call) {
        try {
            return call.get();
        } catch (DockerException e) {
            throw e; // the engine answered
        } catch (RuntimeException e) {
            if (unreachable(e)) {
                throw new RuntimeUnavailableException("docker engine at " + host + " did not answer (" + rootMessage(e)
                        + "); start it (deploy/docker/ensure-engine.sh) — dynos are retried when it is back", e);
            }
            throw e;
        }
    }

    static void run(URI host, Runnable call) {
        call(host, () -> {
            call.run();
            return null;
        });
    }

    static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
