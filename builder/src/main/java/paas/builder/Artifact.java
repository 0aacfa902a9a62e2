package paas.builder;

/**
 * What a build makes and a release runs: a {@link Slug} (unpacked onto the run image) or an
 * {@link Image} (an image on the engine, run as it is).
 */
public sealed interface Artifact permits Slug, Image {
    /** The sha256 hex digest that names it: the slug file's, or the image's ID without {@code sha256:}. */
    String sha256();

    long sizeBytes();
}
