package paas.builder;

import java.util.Map;

/**
 * A successful build: what it made, the process types it declares, and what built it (the
 * buildpack that detected the app, or {@link #DOCKERFILE}).
 */
public record BuildResult(Artifact artifact, Map<String, String> processTypes, String buildpack) {
    /** The builder named for Dockerfile builds. */
    public static final String DOCKERFILE = "Dockerfile";

    public BuildResult {
        processTypes = Map.copyOf(processTypes);
    }

    /** The slug of a buildpack build; fails for an image build. */
    public Slug slug() {
        if (artifact instanceof Slug s) {
            return s;
        }
        throw new IllegalStateException("this build made an image, not a slug");
    }
}
