package paas.vocabulary;

/**
 * Labels the builder and the runtime both put on what they create on the Docker engine, and
 * find it by: an image labelled {@link #MANAGED} and {@link #APP} goes when its app is destroyed,
 * whichever of them made it, and another app's image is never a base or a release.
 */
public final class EngineLabels {
    /** On every container, image and network the platform manages. */
    public static final String MANAGED = "paas.managed";
    /** The app a container, image, network or volume belongs to. */
    public static final String APP = "paas.app";

    private EngineLabels() {
    }
}
