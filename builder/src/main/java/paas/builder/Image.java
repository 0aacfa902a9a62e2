package paas.builder;

import paas.vocabulary.SlugId;

/**
 * An image on the Docker engine that is a release's artifact, as built from a Dockerfile or
 * deployed with {@code paas deploy:image}.
 *
 * @param sha256    the image ID's digest (the ID is {@code sha256:} followed by it)
 * @param sizeBytes what the engine reports as the image's size
 */
public record Image(String sha256, long sizeBytes) implements Artifact {
    public Image {
        SlugId.check(sha256);
    }

    /** The engine's ID of the image. */
    public String id() {
        return "sha256:" + sha256;
    }

    /** From the engine's {@code sha256:HEX} ID. */
    public static Image ofId(String id, long sizeBytes) {
        if (id == null || !id.startsWith("sha256:")) {
            throw new IllegalArgumentException("image id must be sha256:HEX: " + id);
        }
        return new Image(id.substring("sha256:".length()), sizeBytes);
    }
}
