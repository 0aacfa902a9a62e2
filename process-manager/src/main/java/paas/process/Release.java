package paas.process;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a release gives its dynos: what to run and the config vars.
 *
 * @param version  the release number (v1, v2, ...); a higher number than the running one is a
 *                 new release (and resets crash backoff)
 * @param artifact the slug or image its dynos run
 * @param config   config vars, passed to dynos as environment entries only
 */
public record Release(int version, Artifact artifact, Map<String, String> config) {
    public Release {
        if (version < 1) {
            throw new IllegalArgumentException("release version " + version + " must be 1 or more");
        }
        Objects.requireNonNull(artifact, "artifact");
        config = Names.env(config);
    }

    /** A release of a slug. */
    public Release(int version, String slugId, Path slug, Map<String, String> config) {
        this(version, new Artifact.SlugFile(slugId, slug), config);
    }

    /** The digest that names the artifact. */
    public String slugId() {
        return artifact.id();
    }
}
