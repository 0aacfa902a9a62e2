package paas.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.BuildImageCmd;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.ContainerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.Image;
import paas.builder.buildpack.AppBase;
import paas.builder.buildpack.Procfile;
import paas.builder.buildpack.SlugIgnore;
import paas.builder.buildpack.SourceArchive;
import paas.builder.container.DockerfileBases;
import paas.builder.container.HerokuYml;
import paas.builder.container.ImageCommand;
import paas.builder.slug.SlugPacker;
import paas.vocabulary.EngineLabels;
import paas.vocabulary.tar.UnsafeTarException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds an app's Dockerfile with the engine: the pushed source (at the app's base, without
 * {@code .slugignore}) is the context; the build never pulls, so every image the Dockerfile
 * names must be on the engine already, and none may be another app's. It runs with the build
 * containers' memory limit and network, under the build timeout, its output streamed line by
 * line. The image it makes is labelled with the app and this platform's owner, and is the
 * release's artifact; what it adds over its base is held to the slug size limit. Process types
 * come from {@code heroku.yml}'s {@code run:}, else the Procfile; the image's own command is
 * {@code web} when neither declares one.
 */
final class DockerfileBuild {
    private static final Logger LOG = LoggerFactory.getLogger(DockerfileBuild.class);
    static final int MAX_DOCKERFILE_BYTES = 1024 * 1024;
    private static final String PROCFILE = "Procfile";
    /** The run stack's image, named in errors as the base to use. */
    static final String RUN_STACK_IMAGE = "paas/stack-run:latest";
    private static final int MAX_PROCFILE_BYTES = 256 * 1024;

    private final DockerClient docker;
    private final DockerBuildConfig config;

    DockerfileBuild(DockerClient docker, DockerBuildConfig config) {
        this.docker = docker;
        this.config = config;
    }

    /** The tag of an app's image from a build; tagged so that the engine never prunes it as dangling. */
    static String tag(String app, String buildId) {
        return "paas/build-" + app + ":" + buildId.replaceAll("[^A-Za-z0-9_.-]", "-");
    }

    /** True when the request may build a Dockerfile: no buildpack was chosen, or the app is on the container stack. */
    static boolean possible(BuildRequest request) {
        return request.containerStack() || request.buildpacks().isEmpty();
    }

    /** The files of the app a Dockerfile build reads, each with its size limit. */
    static Map<String, Integer> filesRead() {
        return Map.of(HerokuYml.FILE, MAX_DOCKERFILE_BYTES, HerokuYml.DEFAULT_DOCKERFILE, MAX_DOCKERFILE_BYTES,
                PROCFILE, MAX_DOCKERFILE_BYTES);
    }

    /**
     * The app's heroku.yml (or its defaults) when the app builds from a Dockerfile: on the
     * container stack always; otherwise when it has a heroku.yml or a Dockerfile and no
     * buildpack was chosen.
     *
     * @param files the app's files as read with {@link #filesRead()}
     */
    static Optional<HerokuYml> manifest(BuildRequest request, Map<String, byte[]> files, AppBase base)
            throws BuildFailedException {
        if (!possible(request)) {
            return Optional.empty();
        }
        Optional<HerokuYml> manifest = HerokuYml.of(files);
        if (manifest.isPresent()) {
            return manifest;
        }
        if (files.containsKey(HerokuYml.DEFAULT_DOCKERFILE)) {
            return Optional.of(HerokuYml.none());
        }
        if (request.containerStack()) {
            throw new BuildFailedException("this app is on the container stack, but has neither heroku.yml nor a"
                    + " Dockerfile in " + base + ": add one, or build with buildpacks after paas stack:set "
                    + BuildRequest.BUILDPACK_STACK);
        }
        return Optional.empty();
    }

    /** @param files the app's files as read with {@link #filesRead()} */
    BuildResult build(BuildRequest request, AppBase base, HerokuYml manifest, Map<String, byte[]> files, Path work,
                      BuildOutput output) throws BuildFailedException, InterruptedException, IOException {
        String dockerfilePath = manifest.dockerfile();
        byte[] dockerfile = files.containsKey(dockerfilePath) ? files.get(dockerfilePath)
                : SourceArchive.readFiles(request.sourceTar(), base, Map.of(dockerfilePath, MAX_DOCKERFILE_BYTES))
                .get(dockerfilePath);
        if (dockerfile == null) {
            throw new BuildFailedException("this app builds with Docker, but it has no " + dockerfilePath + " in "
                    + base + ": add one, or leave the container stack with paas stack:set "
                    + BuildRequest.BUILDPACK_STACK + " to build with buildpacks");
        }
        output.line("-----> Building web (" + dockerfilePath + ") with Docker");
        DockerfileBases.Bases bases = DockerfileBases.of(new String(dockerfile, StandardCharsets.UTF_8), manifest.buildArgs());
        long baseSize = 0;
        for (String image : bases.images()) {
            InspectImageResponse found = baseImage(request.app(), image);
            if (bases.runBase().filter(image::equals).isPresent() && found.getSize() != null) {
                baseSize = found.getSize();
            }
        }

        Path context = work.resolve("context.tar");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(context))) {
            SourceArchive.prepare(request.sourceTar(), base, SlugIgnore.none(), out, config.uid(), config.gid(),
                    config.sourceLimits());
        } catch (UnsafeTarException | AppBase.MissingException e) {
            throw new BuildFailedException(e.getMessage(), e);
        }
        String imageId = runBuild(request, dockerfilePath, manifest, context, output);
        try {
            InspectImageResponse image = docker.inspectImageCmd(imageId).exec();
            long size = image.getSize() == null ? 0 : image.getSize();
            long added = size - baseSize;
            if (added > request.maxSlugBytes()) {
                throw new BuildFailedException("the image adds " + SlugPacker.humanBytes(added) + " to its base, over the"
                        + " limit of " + SlugPacker.humanBytes(request.maxSlugBytes()) + ": copy less into it (a"
                        + " .dockerignore does not apply here; use a multi-stage build)");
            }
            Map<String, String> types = processTypes(manifest, files.get(PROCFILE), image.getConfig(), output);
            output.line("-----> Built image " + imageId.substring("sha256:".length(), "sha256:".length() + 12)
                    + " (" + SlugPacker.humanBytes(added) + " over its base)");
            return new BuildResult(Image.ofId(imageId, size), types, BuildResult.DOCKERFILE);
        } catch (BuildFailedException | RuntimeException e) {
            removeImage(imageId);
            throw e;
        }
    }

    /** The image, when it is on the engine and not another app's; otherwise a failure that names the fix. */
    private InspectImageResponse baseImage(String app, String image) throws BuildFailedException {
        InspectImageResponse found;
        try {
            found = docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new BuildFailedException("FROM " + image + ": no such image on this platform's Docker engine, which"
                    + " does not pull from registries. Build FROM an image the engine has, such as "
                    + RUN_STACK_IMAGE + " (the run stack), or ask the operator to load it on the platform host"
                    + " with `docker load -i IMAGE.tar`. To build this app with buildpacks instead, choose one with"
                    + " paas buildpacks:set");
        }
        String owner = found.getConfig() == null || found.getConfig().getLabels() == null ? null
                : found.getConfig().getLabels().get(DockerBuildRunner.LABEL_APP);
        if (owner != null && !owner.equals(app)) {
            throw new BuildFailedException("FROM " + image + ": that image belongs to another app; build FROM "
                    + RUN_STACK_IMAGE + " or an image the operator loaded");
        }
        return found;
    }

    private String runBuild(BuildRequest request, String dockerfilePath, HerokuYml manifest, Path context,
                            BuildOutput output) throws BuildFailedException, InterruptedException, IOException {
        OutputLines lines = new OutputLines(output);
        AtomicReference<String> built = new AtomicReference<>();
        AtomicReference<String> error = new AtomicReference<>();
        Map<String, String> labels = new LinkedHashMap<>();
        // Managed and the app: the runtime removes the app's images once the app is destroyed.
        // Few labels: the engine shows each as a build step of its own.
        labels.put(EngineLabels.MANAGED, "true");
        labels.put(DockerBuildRunner.LABEL_APP, request.app());
        labels.put(DockerBuildRunner.LABEL_OWNER, config.owner());
        ResultCallback.Adapter<BuildResponseItem> callback = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(BuildResponseItem item) {
                if (item.getStream() != null) {
                    lines.accept(item.getStream().getBytes(StandardCharsets.UTF_8));
                }
                if (item.getImageId() != null) {
                    built.set(item.getImageId());
                }
                if (item.isErrorIndicated()) {
                    error.set(item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                            ? item.getErrorDetail().getMessage() : item.getError());
                }
            }
        };
        // RUN steps run on the builds network too: the internet, not other builds or the host.
        BuildNetwork.ensure(docker, config.networkMode());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(context))) {
            BuildImageCmd cmd = docker.buildImageCmd(in)
                    .withDockerfilePath(dockerfilePath)
                    .withTags(Set.of(tag(request.app(), request.buildId())))
                    .withLabels(labels)
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true)
                    .withNetworkMode(config.networkMode())
                    .withMemory(config.memoryBytes())
                    .withMemswap(config.memoryBytes());
            manifest.buildArgs().forEach(cmd::withBuildArg);
            cmd.exec(callback);
            boolean done;
            try {
                done = callback.awaitCompletion(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                // Closing the connection cancels the engine's build: its step's container is stopped and removed.
                callback.close();
            }
            lines.flush();
            if (!done) {
                output.line(" !     Build timed out after " + DockerBuildRunner.format(request.timeout()));
                throw new BuildFailedException("build timed out after " + DockerBuildRunner.format(request.timeout()));
            }
        }
        if (error.get() != null) {
            throw new BuildFailedException("the Docker build failed: " + error.get().strip());
        }
        if (built.get() == null) {
            throw new BuildFailedException("the Docker build ended without an image; see the lines above");
        }
        // The engine reports a short ID; the tag names this build's image alone.
        return docker.inspectImageCmd(tag(request.app(), request.buildId())).exec().getId();
    }

    private Map<String, String> processTypes(HerokuYml manifest, byte[] procfile, ContainerConfig image,
                                             BuildOutput output) throws BuildFailedException {
        output.line("-----> Discovering process types");
        Map<String, String> types = new LinkedHashMap<>();
        if (!manifest.run().isEmpty()) {
            types.putAll(manifest.run());
            output.line("       heroku.yml declares types -> " + String.join(", ", types.keySet()));
        } else if (procfile != null) {
            types.putAll(Procfile.parse(procfile));
            output.line("       Procfile declares types   -> " + String.join(", ", types.keySet()));
        }
        if (!types.containsKey("web")) {
            Optional<String> own = image == null ? Optional.empty()
                    : ImageCommand.of(image.getCmd());
            own.ifPresent(command -> {
                types.put("web", command);
                output.line("       The image's command       -> web");
            });
        }
        if (types.isEmpty()) {
            throw new BuildFailedException("the image has no CMD and the app declares no process types: add CMD to the"
                    + " Dockerfile, a Procfile, or run: to heroku.yml");
        }
        return types;
    }

    /** Removes an app image this platform built; used when its build fails after the engine made it. */
    void removeImage(String imageId) {
        try {
            docker.removeImageCmd(imageId).withForce(true).exec();
        } catch (RuntimeException e) {
            LOG.warn("could not remove image {} of a failed build: {}", imageId, e.toString());
        }
    }
}
