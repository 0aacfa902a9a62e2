package paas.process;

import java.time.Duration;
import java.util.Objects;

/**
 * When a crashed formation dyno is started again.
 *
 * <p>The sequence, counting crashes of one dyno slot ({@code web.2}) within one release: the
 * first crash restarts at once; crash n (n &ge; 2) waits {@code base × 2^(n-2)}, capped at
 * {@code cap}. With the defaults (10 s, 20 min): 0, 10 s, 20 s, 40 s, 80 s, 160 s, 320 s, 640 s,
 * then 20 min for every further crash. The count starts again with a new release, a restart
 * asked by a user, or when the crashed process had run at least {@code cap} (it was healthy
 * for longer than the longest wait).
 */
public record Backoff(Duration base, Duration cap) {
    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got base " + base + ", cap " + cap);
        }
    }

    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(10), Duration.ofMinutes(20));
    }

    /** The wait before restarting after the {@code crashes}-th crash (1 = the first). */
    public Duration delayAfter(int crashes) {
        if (crashes <= 1) {
            return Duration.ZERO;
        }
        int doublings = crashes - 2;
        // Past 2^40 any base exceeds any sensible cap; stop multiplying before it overflows.
        if (doublings >= 40) {
            return cap;
        }
        Duration d = base.multipliedBy(1L << doublings);
        return d.compareTo(cap) > 0 ? cap : d;
    }
}
