package paas.builder;

import paas.vocabulary.StackName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One build: the pushed source as a tar archive, the app's config vars (given to buildpacks as
 * ENV_DIR files, never exported), the buildpacks to run (empty: detect among the shipped ones,
 * or build the app's Dockerfile when it has one), and the app's stack ({@link #CONTAINER_STACK}
 * always builds the Dockerfile).
 *
 * @param maxSlugBytes the largest slug, and the most a Dockerfile build may add to its base image
 */
public record BuildRequest(String buildId, String app, String commit, Path sourceTar,
                           Map<String, String> configVars, List<String> buildpacks,
                           Duration timeout, long maxSlugBytes, String stack) {
    /** The stack of apps built from a Dockerfile or heroku.yml, as Heroku names it. */
    public static final String CONTAINER_STACK = StackName.CONTAINER;
    /** The stack buildpacks build on; also STACK in their environment. */
    public static final String BUILDPACK_STACK = StackName.BUILDPACKS;

    public BuildRequest {
        configVars = Map.copyOf(configVars);
        buildpacks = List.copyOf(buildpacks);
        if (timeout.isNegative() || timeout.isZero() || maxSlugBytes <= 0) {
            throw new IllegalArgumentException("build timeout and slug limit must be positive");
        }
        if (stack == null || stack.isBlank()) {
            throw new IllegalArgumentException("build stack must be named");
        }
    }

    /** A build on the buildpack stack. */
    public BuildRequest(String buildId, String app, String commit, Path sourceTar, Map<String, String> configVars,
                        List<String> buildpacks, Duration timeout, long maxSlugBytes) {
        this(buildId, app, commit, sourceTar, configVars, buildpacks, timeout, maxSlugBytes, BUILDPACK_STACK);
    }

    public boolean containerStack() {
        return CONTAINER_STACK.equals(stack);
    }
}
