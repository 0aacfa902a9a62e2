package paas.builder.docker;

import com.github.dockerjava.api.DockerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.BuildRunner;
import paas.builder.Slug;
import paas.builder.SlugStore;
import paas.builder.buildpack.AppBase;
import paas.builder.buildpack.Buildpack;
import paas.builder.buildpack.BuildpackCatalog;
import paas.builder.buildpack.ProcessTypes;
import paas.builder.buildpack.SourceArchive;
import paas.builder.container.HerokuYml;
import paas.builder.slug.SlugPacker;
import paas.vocabulary.AppName;
import paas.vocabulary.EngineLabels;
import paas.vocabulary.FileTrees;
import paas.vocabulary.InvalidValueException;
import paas.vocabulary.tar.UnsafeTarException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs a build in a container of the stack build image with docker-java (or, for an app that
 * builds from a Dockerfile, hands it to {@link DockerfileBuild}).
 *
 * <p>Per buildpack build: one {@link BuildContainer} (labelled, non-root, every capability
 * dropped, {@code no-new-privileges}, memory/pids limits, the app's cache volume
 * {@code paas-cache-<owner>-<app>} at {@code /tmp/cache}, kept between builds); the
 * {@link BuildInputs} sent into it: the source (with {@code .slugignore} applied) in
 * {@code /app}, the buildpacks, the driver ({@code buildpacks/driver.sh}) and the config vars as
 * ENV_DIR files in {@code /tmp}. The container's output reaches {@link BuildOutput} line by line
 * as it is produced ({@link ContainerLog}); the driver's {@link DriverReport} says which
 * buildpack ran or why the build failed. Afterwards {@code /app} is packed into a slug and put in
 * the {@link SlugStore}; process types come from the Procfile, merged over the last buildpack's
 * {@code default_process_types} (the Procfile wins per type).
 *
 * <p>The build container is removed on every outcome (success, failure, timeout, interrupt), and no
 * slug or temporary file is left when the build fails. Blocking; thread-safe for builds of
 * different apps. The Docker client must not have a response timeout shorter than the longest
 * quiet spell of a build (see {@link DockerClients}).
 */
public final class DockerBuildRunner implements BuildRunner {
    private static final Logger LOG = LoggerFactory.getLogger(DockerBuildRunner.class);
    private static final Pattern BUILD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    public static final String LABEL_BUILD = "paas.build";
    public static final String LABEL_APP = EngineLabels.APP;
    public static final String LABEL_ROLE = "paas.role";
    public static final String LABEL_OWNER = "paas.builder";

    private final DockerClient docker;
    private final DockerBuildConfig config;
    private final SlugStore slugs;
    private final BuildpackCatalog catalog;
    private final DockerfileBuild dockerfiles;

    public DockerBuildRunner(DockerClient docker, DockerBuildConfig config, SlugStore slugs) {
        this.docker = docker;
        this.config = config;
        this.slugs = slugs;
        this.catalog = new BuildpackCatalog(config.buildpackRoots());
        this.dockerfiles = new DockerfileBuild(docker, config);
    }

    /**
     * The name of an app's build cache volume: per owner (one platform's data dir), so two
     * platforms on one engine never share the cache of apps that happen to have the same name.
     */
    public static String cacheVolumeName(String owner, String app) {
        return "paas-cache-" + owner + "-" + app;
    }

    @Override
    public BuildResult build(BuildRequest request, BuildOutput output) throws BuildFailedException, InterruptedException {
        validate(request);
        AppBase base = appBase(request, output);
        Map<String, byte[]> appFiles = readAppFiles(request, base);
        Optional<HerokuYml> dockerfile = DockerfileBuild.manifest(request, appFiles, base);
        List<Buildpack> buildpacks = dockerfile.isPresent() ? List.of() : catalog.resolve(request.buildpacks());
        Path tmp;
        try {
            Files.createDirectories(config.workDir());
            tmp = Files.createTempDirectory(config.workDir(), "build-");
        } catch (IOException e) {
            throw new BuildFailedException("cannot create a work directory in " + config.workDir() + ": " + e.getMessage(), e);
        }
        BuildContainer container = null;
        try {
            if (dockerfile.isPresent()) {
                return dockerfiles.build(request, base, dockerfile.get(), appFiles, tmp, output);
            }
            BuildContainer.requireImage(docker, config);
            String volume = BuildContainer.ensureCacheVolume(docker, config, request.app());
            BuildInputs inputs = BuildInputs.write(tmp, request, base, appFiles.get(SourceArchive.SLUGIGNORE),
                    catalog.driverScript(), buildpacks, config, output);
            container = BuildContainer.create(docker, config, request, volume);
            inputs.sendTo(container);

            int exitCode = container.run(request.timeout(), output);
            DriverReport report = container.report();
            if (exitCode != 0) {
                throw new BuildFailedException(report.failureMessage(container.id(), exitCode, config.memoryBytes()));
            }
            Buildpack last = report.buildpackRun(buildpacks);
            return packSlug(container, tmp, request, last, report.defaultProcessTypes(last), output);
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("build " + request.buildId() + " interrupted");
            }
            LOG.warn("build {} of {} failed", request.buildId(), request.app(), e);
            if (String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw new BuildFailedException("build failed: the platform host ran out of disk space (No space left on"
                        + " device, under " + config.workDir() + " or the slug store): the operator must free space;"
                        + " then push again", e);
            }
            throw new BuildFailedException("build failed: " + e.getMessage(), e);
        } finally {
            boolean interrupted = Thread.interrupted();
            try {
                if (container != null) {
                    container.remove();
                }
                deleteTree(tmp);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Removes build containers left by an earlier process with the same owner that stopped
     * mid-build (they carry {@code paas.role=build} and {@code paas.builder=<owner>}). Call once at
     * start, before any build runs.
     *
     * @return how many were removed
     */
    public int removeLeftoverBuildContainers() {
        return BuildContainer.removeLeftovers(docker, config.owner());
    }

    /**
     * Packs the container's {@code /app} into a slug (in the build's own work directory, which goes
     * away with every outcome), stores it, and answers the build's result.
     */
    private BuildResult packSlug(BuildContainer container, Path tmp, BuildRequest request, Buildpack last,
                                 Map<String, String> defaultTypes, BuildOutput output)
            throws BuildFailedException, IOException {
        SlugPacker.Packed packed;
        try (InputStream app = container.download("/app")) {
            packed = new SlugPacker(tmp).pack(app, "app", request.maxSlugBytes());
        } catch (SlugPacker.SlugTooLargeException e) {
            throw new BuildFailedException(e.getMessage(), e);
        } catch (UnsafeTarException e) {
            throw new BuildFailedException(e.getMessage(), e);
        }
        Map<String, String> types = ProcessTypes.merge(packed.procfile(), defaultTypes, output);
        output.line("-----> Compressing...");
        output.line("       Done: " + SlugPacker.humanBytes(packed.sizeBytes()));
        Slug slug = slugs.put(packed.file());
        if (!slug.sha256().equals(packed.sha256())) {
            throw new IOException("slug store computed sha256 " + slug.sha256() + " for a slug packed as "
                    + packed.sha256());
        }
        output.line("       Slug " + slug.sha256().substring(0, 12) + " stored");
        return new BuildResult(slug, types, last.spec());
    }

    private static void validate(BuildRequest r) throws BuildFailedException {
        try {
            AppName.check(r.app());
        } catch (InvalidValueException e) {
            throw new BuildFailedException(e.getMessage());
        }
        if (r.buildId() == null || !BUILD_ID.matcher(r.buildId()).matches()) {
            throw new BuildFailedException("build id must match " + BUILD_ID.pattern() + ": " + r.buildId());
        }
        if (r.commit() == null || r.commit().length() > 200 || r.commit().chars().anyMatch(c -> c < 0x20)) {
            throw new BuildFailedException("commit must be a printable string of at most 200 characters");
        }
        if (r.sourceTar() == null || !Files.isRegularFile(r.sourceTar())) {
            throw new BuildFailedException("source archive " + r.sourceTar() + " does not exist");
        }
    }

    private static AppBase appBase(BuildRequest request, BuildOutput output) throws BuildFailedException {
        AppBase base;
        try {
            base = AppBase.of(request.configVars());
        } catch (AppBase.Invalid e) {
            throw new BuildFailedException(e.getMessage(), e);
        }
        if (!base.isRoot()) {
            output.line("-----> Building the app in " + base.path() + " (" + AppBase.CONFIG_VAR + ")");
        }
        return base;
    }

    /**
     * The small files of the app the build decides by, in one pass over the source: its
     * {@code .slugignore}, and when a Dockerfile build is possible, what that reads.
     */
    private static Map<String, byte[]> readAppFiles(BuildRequest request, AppBase base) throws BuildFailedException {
        Map<String, Integer> names = new HashMap<>(Map.of(SourceArchive.SLUGIGNORE, SourceArchive.MAX_SLUGIGNORE_BYTES));
        if (DockerfileBuild.possible(request)) {
            names.putAll(DockerfileBuild.filesRead());
        }
        try {
            return SourceArchive.readFiles(request.sourceTar(), base, names);
        } catch (IOException e) {
            throw new BuildFailedException(e.getMessage(), e);
        }
    }

    /** "15m", "5s", "1h30m", "2m30s". */
    static String format(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        if (s >= 3600) {
            sb.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            sb.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0) {
            sb.append(s % 60).append('s');
        }
        return sb.toString();
    }

    private static void deleteTree(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            LOG.warn("could not delete build work directory {}", dir, e);
        }
    }
}
