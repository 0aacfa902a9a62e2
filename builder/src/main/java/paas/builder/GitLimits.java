package paas.builder;

import java.time.Duration;

/**
 * Bounds on what a push may cost: pack size, the exported source's size, and how long a push
 * waits for another build of the same app before it is refused.
 */
public record GitLimits(long maxPackBytes, long maxSourceBytes, Duration lockWait) {
    public static GitLimits defaults() {
        return new GitLimits(512L * 1024 * 1024, 1024L * 1024 * 1024, Duration.ofMinutes(20));
    }

    public GitLimits {
        if (maxPackBytes <= 0 || maxSourceBytes <= 0 || lockWait.isNegative()) {
            throw new IllegalArgumentException("git limits must be positive");
        }
    }
}
