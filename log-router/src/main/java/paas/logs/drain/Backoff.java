package paas.logs.drain;

import java.time.Duration;

/**
 * Exponential backoff for reconnecting a drain: initial, 2×, 4×, … capped at max; back to
 * initial after a success. Deterministic (no jitter) so tests and operators can predict it.
 * Not thread-safe: one per drain worker.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private Duration next;

    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The wait before the next attempt; each call doubles the one after, up to max. */
    public Duration next() {
        Duration current = next;
        next = current.compareTo(max.dividedBy(2)) > 0 ? max : current.multipliedBy(2);
        return current;
    }

    public void reset() {
        next = initial;
    }
}
