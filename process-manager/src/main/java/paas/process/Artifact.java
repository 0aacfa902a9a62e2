package paas.process;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a release's dynos run: a slug, unpacked in {@code /app} on the run image, or an image on
 * the engine, run as it is (Dockerfile builds and image deploys).
 */
public sealed interface Artifact permits Artifact.SlugFile, Artifact.EngineImage {
    /** The sha256 hex digest that names it. */
    String id();

    /**
     * @param id   sha256 of the slug file, which names images built from it
     * @param path the slug: a tar.gz of the app directory's contents
     */
    record SlugFile(String id, Path path) implements Artifact {
        public SlugFile {
            Names.slugId(id);
            Objects.requireNonNull(path, "slug path");
        }
    }

    /** @param id the image ID's digest, without {@code sha256:} */
    record EngineImage(String id) implements Artifact {
        public EngineImage {
            Names.slugId(id);
        }

        /** The engine's ID of the image. */
        public String imageId() {
            return "sha256:" + id;
        }
    }
}
