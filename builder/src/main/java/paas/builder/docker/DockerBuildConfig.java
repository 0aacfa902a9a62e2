package paas.builder.docker;

import paas.vocabulary.EngineNetworks;
import paas.vocabulary.tar.SafeTar;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How {@link DockerBuildRunner} runs build containers. Validated on construction.
 *
 * @param buildImage     the stack build image (must exist locally; nothing is pulled)
 * @param user           the container user, "uid:gid"; the stack's u1000 is 1000:1000
 * @param memoryBytes    memory limit of a build container (swap is not added on top)
 * @param pidsLimit      process/thread limit of a build container
 * @param nanoCpus       CPU limit in 1e-9 CPUs; 0 for no limit
 * @param networkMode    Docker network of the build (it needs the npm registry and Maven Central); by
 *                       default {@link EngineNetworks#BUILDS}, where builds cannot reach each other or the host
 * @param workDir        host directory for temporary files (upload tars, the slug before it is
 *                       stored); best on the slug store's file system, so storing is a rename
 * @param buildpackRoots host directories holding custom buildpacks (one per subdirectory)
 * @param sourceLimits   bounds on the pushed source archive
 * @param owner          value of the {@code paas.builder} label on this runner's build containers, so
 *                       that {@link DockerBuildRunner#removeLeftoverBuildContainers()} only touches its
 *                       own when several platforms (or test runs) share one engine
 */
public record DockerBuildConfig(String buildImage, String user, long memoryBytes, long pidsLimit, long nanoCpus,
                                String networkMode, Path workDir, List<Path> buildpackRoots,
                                SafeTar.Limits sourceLimits, String owner) {
    public static final String DEFAULT_BUILD_IMAGE = "paas/stack-build:latest";
    /** Value of STACK during builds. */
    public static final String STACK = paas.builder.BuildRequest.BUILDPACK_STACK;

    public DockerBuildConfig {
        Objects.requireNonNull(buildImage, "buildImage");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(sourceLimits, "sourceLimits");
        buildpackRoots = List.copyOf(buildpackRoots);
        if (buildImage.isBlank()) {
            throw new IllegalArgumentException("build image must be named, e.g. " + DEFAULT_BUILD_IMAGE);
        }
        if (user == null || !user.matches("\\d+:\\d+") || user.startsWith("0:")) {
            throw new IllegalArgumentException("build user must be a non-root \"uid:gid\" such as 1000:1000, got " + user);
        }
        if (memoryBytes < 64L * 1024 * 1024) {
            throw new IllegalArgumentException("build memory limit must be at least 64 MiB, got " + memoryBytes);
        }
        if (pidsLimit < 16) {
            throw new IllegalArgumentException("build pids limit must be at least 16, got " + pidsLimit);
        }
        if (nanoCpus < 0) {
            throw new IllegalArgumentException("build CPU limit must be 0 (none) or positive, got " + nanoCpus);
        }
        if (owner == null || !owner.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("build owner label must be 1-63 letters, digits, '.', '_' or '-', got " + owner);
        }
        if (networkMode == null || networkMode.isBlank()) {
            throw new IllegalArgumentException("build network mode must be named, e.g. bridge");
        }
    }

    /** paas/stack-build:latest as 1000:1000, 3 GiB, 4096 pids, no CPU limit, the builds network, owner "paasd". */
    public static DockerBuildConfig defaults(Path workDir) {
        return new DockerBuildConfig(DEFAULT_BUILD_IMAGE, "1000:1000", 3L << 30, 4096, 0, EngineNetworks.BUILDS,
                workDir, List.of(), SafeTar.Limits.defaults(), "paasd");
    }

    public DockerBuildConfig withBuildpackRoots(List<Path> roots) {
        return new DockerBuildConfig(buildImage, user, memoryBytes, pidsLimit, nanoCpus, networkMode, workDir,
                roots, sourceLimits, owner);
    }

    public DockerBuildConfig withBuildImage(String image) {
        return new DockerBuildConfig(image, user, memoryBytes, pidsLimit, nanoCpus, networkMode, workDir,
                buildpackRoots, sourceLimits, owner);
    }

    public DockerBuildConfig withLimits(long memoryBytes, long pidsLimit, long nanoCpus) {
        return new DockerBuildConfig(buildImage, user, memoryBytes, pidsLimit, nanoCpus, networkMode, workDir,
                buildpackRoots, sourceLimits, owner);
    }

    public DockerBuildConfig withOwner(String owner) {
        return new DockerBuildConfig(buildImage, user, memoryBytes, pidsLimit, nanoCpus, networkMode, workDir,
                buildpackRoots, sourceLimits, owner);
    }

    int uid() {
        return Integer.parseInt(user.substring(0, user.indexOf(':')));
    }

    int gid() {
        return Integer.parseInt(user.substring(user.indexOf(':') + 1));
    }
}
