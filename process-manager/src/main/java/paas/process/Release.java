package paas.process;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What a release gives its dynos: the slug to unpack and the config vars.
 *
 * @param version the release number (v1, v2, ...); a higher number than the running one is a
 *                new release (and resets crash backoff)
 * @param slugId  sha256 of the slug file, which names images built from it
 * @param slug    the slug: a tar.gz of the app directory's contents
 * @param config  config vars, passed to dynos as environment entries only
 */
public record Release(int version, String slugId, Path slug, Map<String, String> config) {
    public Release {
        if (version < 1) {
            throw new IllegalArgumentException("release version " + version + " must be 1 or more");
        }
        Names.slugId(slugId);
        Objects.requireNonNull(slug, "slug path");
        config = Names.env(config);
    }
}
