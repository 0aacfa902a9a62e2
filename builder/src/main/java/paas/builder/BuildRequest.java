package paas.builder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One build: the pushed source as a tar archive, the app's config vars (given to buildpacks as
 * ENV_DIR files, never exported), and the buildpacks to run (empty: detect among the shipped ones).
 */
public record BuildRequest(String buildId, String app, String commit, Path sourceTar,
                           Map<String, String> configVars, List<String> buildpacks,
                           Duration timeout, long maxSlugBytes) {
    public BuildRequest {
        configVars = Map.copyOf(configVars);
        buildpacks = List.copyOf(buildpacks);
        if (timeout.isNegative() || timeout.isZero() || maxSlugBytes <= 0) {
            throw new IllegalArgumentException("build timeout and slug limit must be positive");
        }
    }
}
