package paas.api.deploy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import paas.builder.BuildFailedException;
import paas.builder.BuildOutput;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.BuildRunner;
import paas.builder.Image;
import paas.builder.docker.DockerBuildConfig;
import paas.builder.container.ImageCommand;
import paas.builder.docker.DockerBuildRunner;
import paas.process.docker.Labels;

import java.util.Map;
import java.util.Optional;

/**
 * The Docker build runner, with the engine and the build image checked at each build rather
 * than once at start: paasd starts without an engine; a push made while paasd prepares them waits
 * for that ({@link BuildStack}), and one made when they are missing all the same is refused with
 * the command that fixes it.
 */
public final class DockerBuilds implements BuildRunner {
    private final DockerClient docker;
    private final String dockerHost;
    private final DockerBuildConfig config;
    private final DockerBuildRunner runner;
    private final BuildStack stack;

    /** @param stack what a build waits for first (the engine and images paasd may still be preparing) */
    public DockerBuilds(DockerClient docker, String dockerHost, DockerBuildConfig config, DockerBuildRunner runner,
                        BuildStack stack) {
        this.stack = stack;
        this.docker = docker;
        this.dockerHost = dockerHost;
        this.config = config;
        this.runner = runner;
    }

    @Override
    public BuildResult build(BuildRequest request, BuildOutput output) throws BuildFailedException, InterruptedException {
        stack.awaitReady(output);
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new BuildFailedException("builds run in containers and no Docker engine answers at " + dockerHost
                    + ": start one with deploy/docker/ensure-engine.sh (or set DOCKER_HOST), then push again");
        }
        try {
            docker.inspectImageCmd(config.buildImage()).exec();
        } catch (NotFoundException e) {
            throw new BuildFailedException("the build image " + config.buildImage() + " is missing: build the stack"
                    + " images with deploy/stack/build.sh, then push again");
        }
        return runner.build(request, output);
    }

    /** Drops an app's build cache volume once the app is destroyed; a missing engine or volume is fine. */
    public void removeCache(String app) {
        try {
            docker.removeVolumeCmd(DockerBuildRunner.cacheVolumeName(config.owner(), app)).exec();
        } catch (RuntimeException e) {
            // nothing cached, or no engine: nothing to remove
        }
    }

    /**
     * An image on the engine as {@code paas deploy:image} sees it: the image, the app whose build
     * made it (if one did), and its own command as a process type's.
     */
    public record EngineImage(Image image, Optional<String> builtFor, Optional<String> command) {
    }

    /**
     * The image a name or ID refers to; empty when the engine has no such image.
     *
     * @throws IllegalStateException when no engine answers, with the fix
     */
    public Optional<EngineImage> image(String ref) {
        InspectImageResponse found;
        try {
            found = docker.inspectImageCmd(ref).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new IllegalStateException("no Docker engine answers at " + dockerHost + ": start one with"
                    + " deploy/docker/ensure-engine.sh (or set DOCKER_HOST)", e);
        }
        ContainerConfig c = found.getConfig();
        Map<String, String> labels = c == null || c.getLabels() == null ? Map.of() : c.getLabels();
        return Optional.of(new EngineImage(Image.ofId(found.getId(), found.getSize() == null ? 0 : found.getSize()),
                Optional.ofNullable(labels.get(DockerBuildRunner.LABEL_APP)),
                c == null ? Optional.empty() : ImageCommand.of(c.getCmd())));
    }

    /**
     * Tags an image an app releases in {@link Labels#pinnedRepository}, so that removing the name
     * it was deployed by does not remove the image under the release; the tags go when the app is
     * destroyed.
     */
    public void pin(String app, Image image) {
        docker.tagImageCmd(image.id(), Labels.pinnedRepository(app), image.sha256().substring(0, 12)).exec();
    }

    /** Removes build containers a killed paasd left behind; answers how many. */
    public int removeLeftovers() {
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            return 0;
        }
        return runner.removeLeftoverBuildContainers();
    }
}
