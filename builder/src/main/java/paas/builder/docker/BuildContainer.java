package paas.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;
import paas.builder.BuildRequest;
import paas.builder.slug.SlugPacker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static paas.builder.docker.DockerBuildRunner.LABEL_APP;
import static paas.builder.docker.DockerBuildRunner.LABEL_BUILD;
import static paas.builder.docker.DockerBuildRunner.LABEL_OWNER;
import static paas.builder.docker.DockerBuildRunner.LABEL_ROLE;

/**
 * One buildpack build's container on the engine: of the stack build image, labelled
 * {@code paas.build}, {@code paas.app}, {@code paas.role=build} and {@code paas.builder} (the
 * owner), running as the configured non-root user with every capability dropped,
 * {@code no-new-privileges} and memory/pids (and optionally CPU) limits, on the builds network
 * ({@link BuildNetwork}), the app's cache volume
 * at {@code /tmp/cache}. Files go in and out as tars; it runs once, under the build timeout, its
 * output streamed as it comes. The caller removes it on every outcome.
 */
final class BuildContainer {
    private static final Logger LOG = LoggerFactory.getLogger(BuildContainer.class);
    /** Where the driver leaves its report (see {@link DriverReport}). */
    private static final String OUT_DIR = "/tmp/paas/out";

    private final DockerClient docker;
    private final DockerBuildConfig config;
    private final String id;

    private BuildContainer(DockerClient docker, DockerBuildConfig config, String id) {
        this.docker = docker;
        this.config = config;
        this.id = id;
    }

    /** Refuses the build early when the stack build image is not on the engine (it is never pulled). */
    static void requireImage(DockerClient docker, DockerBuildConfig config) throws BuildFailedException {
        try {
            docker.inspectImageCmd(config.buildImage()).exec();
        } catch (NotFoundException e) {
            throw new BuildFailedException("the build image " + config.buildImage() + " is not on this Docker engine;"
                    + " build the stack images with deploy/stack/build.sh");
        }
    }

    /** The app's cache volume, created (labelled with the app and the owner) on its first build. */
    static String ensureCacheVolume(DockerClient docker, DockerBuildConfig config, String app) {
        String name = DockerBuildRunner.cacheVolumeName(config.owner(), app);
        try {
            docker.inspectVolumeCmd(name).exec();
        } catch (NotFoundException missing) {
            docker.createVolumeCmd().withName(name)
                    .withLabels(Map.of(LABEL_APP, app, LABEL_ROLE, "build-cache", LABEL_OWNER, config.owner())).exec();
        }
        return name;
    }

    /** Creates (does not start) the build container of the request, with {@code cacheVolume} at /tmp/cache. */
    static BuildContainer create(DockerClient docker, DockerBuildConfig config, BuildRequest request, String cacheVolume) {
        BuildNetwork.ensure(docker, config.networkMode());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_BUILD, request.buildId());
        labels.put(LABEL_APP, request.app());
        labels.put(LABEL_ROLE, "build");
        labels.put(LABEL_OWNER, config.owner());
        HostConfig host = HostConfig.newHostConfig()
                .withPrivileged(false)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withMemory(config.memoryBytes())
                .withMemorySwap(config.memoryBytes())
                .withPidsLimit(config.pidsLimit())
                .withNetworkMode(config.networkMode())
                .withBinds(new Bind(cacheVolume, new Volume("/tmp/cache")))
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE, Map.of("max-size", "64m", "max-file", "2")));
        if (config.nanoCpus() > 0) {
            host.withNanoCPUs(config.nanoCpus());
        }
        CreateContainerResponse created = docker.createContainerCmd(config.buildImage())
                .withLabels(labels)
                .withUser(config.user())
                .withEnv("STACK=" + DockerBuildConfig.STACK, "SOURCE_VERSION=" + request.commit(), "HOME=/tmp/home",
                        "LANG=C.UTF-8")
                .withWorkingDir("/app")
                .withEntrypoint("/bin/bash", "/tmp/paas/driver.sh")
                .withCmd(List.of())
                .withTty(false)
                .withAttachStdin(false)
                .withStdinOpen(false)
                .withHostConfig(host)
                .exec();
        return new BuildContainer(docker, config, created.getId());
    }

    /**
     * Removes build containers left by an earlier process with the same owner that stopped
     * mid-build (they carry {@code paas.role=build} and {@code paas.builder=<owner>}).
     *
     * @return how many were removed
     */
    static int removeLeftovers(DockerClient docker, String owner) {
        List<Container> left = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL_ROLE, "build", LABEL_OWNER, owner)).exec();
        for (Container c : left) {
            remove(docker, c.getId());
        }
        return left.size();
    }

    String id() {
        return id;
    }

    /** Extracts the tar file into the container at {@code remotePath}, never replacing a directory by a non-directory. */
    void upload(Path tar, String remotePath) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            docker.copyArchiveToContainerCmd(id)
                    .withRemotePath(remotePath)
                    .withTarInputStream(in)
                    .withNoOverwriteDirNonDir(true)
                    .exec();
        }
    }

    /** A tar of {@code path} in the container; the caller closes it. */
    InputStream download(String path) {
        return docker.copyArchiveFromContainerCmd(id, path).exec();
    }

    /** What the driver reported in /tmp/paas/out; empty when it left nothing there. */
    DriverReport report() throws IOException, BuildFailedException {
        try (InputStream in = download(OUT_DIR)) {
            return DriverReport.read(in);
        } catch (NotFoundException e) {
            return DriverReport.EMPTY;
        }
    }

    /** Starts the container, streams its output, waits up to the timeout; answers the exit code. */
    int run(Duration timeout, BuildOutput output) throws BuildFailedException, InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        docker.startContainerCmd(id).exec();
        ContainerLog log = ContainerLog.follow(docker, id, output);
        try {
            while (true) {
                InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(id).exec().getState();
                if (!Boolean.TRUE.equals(state.getRunning())) {
                    // The log stream ends at the container's exit; wait briefly for its tail.
                    log.awaitEnd(TimeUnit.SECONDS.toMillis(10));
                    log.flush();
                    if (Boolean.TRUE.equals(state.getOOMKilled())) {
                        throw new BuildFailedException("build ran out of memory (limit "
                                + SlugPacker.humanBytes(config.memoryBytes()) + "); raise the build memory limit");
                    }
                    Long code = state.getExitCodeLong();
                    return code == null ? -1 : code.intValue();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    killQuietly();
                    log.flush();
                    output.line(" !     Build timed out after " + DockerBuildRunner.format(timeout));
                    throw new BuildFailedException("build timed out after " + DockerBuildRunner.format(timeout));
                }
                log.awaitEnd(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500));
            }
        } finally {
            log.close();
        }
    }

    /** Removes the container and its anonymous volumes; a failure is logged, the labels let a later start find it. */
    void remove() {
        remove(docker, id);
    }

    private void killQuietly() {
        try {
            docker.killContainerCmd(id).exec();
        } catch (RuntimeException e) {
            LOG.debug("kill of build container {}: {}", id, e.toString());
        }
    }

    private static void remove(DockerClient docker, String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        } catch (RuntimeException e) {
            LOG.warn("could not remove build container {}; it carries label {}=build", containerId, LABEL_ROLE, e);
        }
    }
}
