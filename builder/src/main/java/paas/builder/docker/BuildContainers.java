package paas.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Volume;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;
import paas.builder.BuildRequest;
import paas.builder.buildpack.ReleaseYaml;
import paas.builder.slug.SlugPacker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static paas.builder.docker.DockerBuildRunner.LABEL_APP;
import static paas.builder.docker.DockerBuildRunner.LABEL_BUILD;
import static paas.builder.docker.DockerBuildRunner.LABEL_OWNER;
import static paas.builder.docker.DockerBuildRunner.LABEL_ROLE;

/**
 * The build container's life: made (non-root, every capability dropped, no-new-privileges,
 * memory and pids limits, on the builds network), given the source and the bundle, run with its
 * output streamed line by line under the build timeout, read (the driver's small out files and
 * {@code /app}), and removed on every outcome. Thread-safe.
 */
final class BuildContainers {
    private static final Logger LOG = LoggerFactory.getLogger(BuildContainers.class);
    static final String OUT_DIR = "/tmp/paas/out";
    private static final int MAX_ERROR_BYTES = 4096;

    private final DockerClient docker;
    private final DockerBuildConfig config;

    BuildContainers(DockerClient docker, DockerBuildConfig config) {
        this.docker = docker;
        this.config = config;
    }

    /** A stopped build container for {@code request}, on the builds network, with the app's cache volume. */
    String create(BuildRequest request, String volume) {
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
                .withBinds(new Bind(volume, new Volume("/tmp/cache")))
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
        return created.getId();
    }

    void upload(String containerId, Path tar, String remotePath) throws IOException {
        try (InputStream in = Files.newInputStream(tar)) {
            docker.copyArchiveToContainerCmd(containerId)
                    .withRemotePath(remotePath)
                    .withTarInputStream(in)
                    .withNoOverwriteDirNonDir(true)
                    .exec();
        }
    }

    /** Starts the container, streams its output, waits up to the timeout; answers the exit code. */
    int run(String containerId, Duration timeout, BuildOutput output)
            throws BuildFailedException, InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        docker.startContainerCmd(containerId).exec();
        OutputLines lines = new OutputLines(output);
        CountDownLatch streamDone = new CountDownLatch(1);
        ResultCallback.Adapter<Frame> stream = docker.logContainerCmd(containerId)
                .withStdOut(true).withStdErr(true).withFollowStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                        lines.accept(frame.getPayload());
                    }

                    @Override
                    public void onError(Throwable t) {
                        LOG.debug("build log stream of {} ended: {}", containerId, t.toString());
                        streamDone.countDown();
                    }

                    @Override
                    public void onComplete() {
                        streamDone.countDown();
                    }
                });
        try {
            while (true) {
                InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(containerId).exec().getState();
                if (!Boolean.TRUE.equals(state.getRunning())) {
                    // The log stream ends at the container's exit; wait briefly for its tail.
                    streamDone.await(10, TimeUnit.SECONDS);
                    lines.flush();
                    if (Boolean.TRUE.equals(state.getOOMKilled())) {
                        throw new BuildFailedException("build ran out of memory (limit "
                                + SlugPacker.humanBytes(config.memoryBytes()) + "); raise the build memory limit");
                    }
                    Long code = state.getExitCodeLong();
                    return code == null ? -1 : code.intValue();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    killQuietly(containerId);
                    lines.flush();
                    output.line(" !     Build timed out after " + DockerBuildRunner.format(timeout));
                    throw new BuildFailedException("build timed out after " + DockerBuildRunner.format(timeout));
                }
                streamDone.await(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 500), TimeUnit.MILLISECONDS);
            }
        } finally {
            stream.close();
        }
    }

    private void killQuietly(String containerId) {
        try {
            docker.killContainerCmd(containerId).exec();
        } catch (RuntimeException e) {
            LOG.debug("kill of build container {}: {}", containerId, e.toString());
        }
    }

    void remove(String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        } catch (RuntimeException e) {
            LOG.warn("could not remove build container {}; it carries label {}=build", containerId, LABEL_ROLE, e);
        }
    }


    /** {@code /app} of the finished container as a tar stream; the caller closes it. */
    InputStream app(String containerId) {
        return docker.copyArchiveFromContainerCmd(containerId, "/app").exec();
    }

    /** The small files the driver leaves in /tmp/paas/out; release.yml over its limit is kept as a marker. */
    Map<String, byte[]> readOutDir(String containerId) throws IOException, BuildFailedException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = docker.copyArchiveFromContainerCmd(containerId, OUT_DIR).exec()) {
            TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8");
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isFile() || e.isSymbolicLink() || e.isLink()) {
                    continue;
                }
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                int max = name.equals("release.yml") ? ReleaseYaml.MAX_BYTES : MAX_ERROR_BYTES;
                if (e.getSize() > max) {
                    if (name.equals("release.yml")) {
                        throw new BuildFailedException("bin/release printed " + e.getSize()
                                + " bytes, over the limit of " + max + " bytes");
                    }
                    continue;
                }
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                tar.transferTo(buf);
                files.put(name, buf.toByteArray());
            }
        } catch (NotFoundException e) {
            return Map.of();
        }
        return files;
    }

    /** Removes the build containers of this owner an earlier process left; answers how many. */
    int removeLeftovers() {
        List<Container> left = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL_ROLE, "build", LABEL_OWNER, config.owner())).exec();
        for (Container c : left) {
            remove(c.getId());
        }
        return left.size();
    }

}
