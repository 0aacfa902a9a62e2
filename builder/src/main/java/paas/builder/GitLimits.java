package paas.builder;

import java.time.Duration;

/**
 * Bounds on what a push may cost: pack size, the exported source's size, and how long a push
 * waits for another build of the same app before it is refused; and after how long a quiet build
 * gets a keep-alive on the push's response (15 s: well inside the router's 55 s idle timeout).
 */
public record GitLimits(long maxPackBytes, long maxSourceBytes, Duration lockWait, Duration keepAliveAfter) {
    public static GitLimits defaults() {
        return new GitLimits(512L * 1024 * 1024, 1024L * 1024 * 1024, Duration.ofMinutes(20), Duration.ofSeconds(15));
    }

    public GitLimits {
        if (maxPackBytes <= 0 || maxSourceBytes <= 0 || lockWait.isNegative() || keepAliveAfter.isNegative()
                || keepAliveAfter.isZero()) {
            throw new IllegalArgumentException("git limits must be positive");
        }
    }
}
