package paas.api.prepare;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The checks against the Docker engine paasd uses (DOCKER_HOST). */
public final class EngineStackChecks implements StackChecks {
    private final DockerClient docker;
    private final List<String> images;

    /** @param images the images deploy/stack/build.sh makes that the platform uses, by name:tag */
    public EngineStackChecks(DockerClient docker, List<String> images) {
        this.docker = docker;
        this.images = List.copyOf(images);
    }

    @Override
    public Optional<String> engineFailure() {
        try {
            docker.pingCmd().exec();
            return Optional.empty();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            return Optional.of(why.lines().findFirst().orElse(why));
        }
    }

    @Override
    public List<String> missingImages() {
        List<String> missing = new ArrayList<>();
        for (String image : images) {
            try {
                docker.inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                missing.add(image);
            }
        }
        return missing;
    }
}
