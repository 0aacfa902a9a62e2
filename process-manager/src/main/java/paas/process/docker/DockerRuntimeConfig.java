package paas.process.docker;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the docker runtime.
 *
 * @param engine       the engine's address, e.g. {@code unix:///var/run/docker.sock}
 * @param runImage     the stack run image dynos are built on (made by deploy/stack/build.sh)
 * @param workDir      where slugs are unpacked while an image is built (emptied afterwards)
 * @param containerPort the {@code PORT} every dyno gets inside its container
 * @param publishIp    host address web dynos' ports are published on; 127.0.0.1 keeps them
 *                     reachable from the router on this host only
 * @param logMaxSize   json-file log size per container before rotation (the platform keeps the
 *                     lines; the engine's copy only serves re-attaching), e.g. {@code 10m}
 * @param platform     this platform installation's name, put on every container as
 *                     {@code paas.platform}: a runtime lists, follows and cleans up only its own
 *                     platform's containers, so several installations (or test runs) can share an
 *                     engine
 */
public record DockerRuntimeConfig(URI engine, String runImage, Path workDir, int containerPort, String publishIp,
                                  String logMaxSize, String platform) {
    public DockerRuntimeConfig {
        Objects.requireNonNull(platform, "platform");
        if (!platform.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("platform name '" + platform + "' must match ^[a-z0-9][a-z0-9-]{0,62}$");
        }
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(runImage, "runImage");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(publishIp, "publishIp");
        Objects.requireNonNull(logMaxSize, "logMaxSize");
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("containerPort " + containerPort + " is outside 1..65535");
        }
    }

    public static DockerRuntimeConfig defaults(Path workDir) {
        return new DockerRuntimeConfig(URI.create("unix:///var/run/docker.sock"), "paas/stack-run:latest", workDir,
                5000, "127.0.0.1", "10m", "paas");
    }

    public DockerRuntimeConfig withPlatform(String name) {
        return new DockerRuntimeConfig(engine, runImage, workDir, containerPort, publishIp, logMaxSize, name);
    }
}
