package paas.api.http;

import paas.api.domain.PlatformException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heroku's API rate limit: each user has a pool of request tokens that holds at most
 * {@link Policy#capacity()} and refills at {@link Policy#perMinute()}; every authenticated
 * request takes one, and a request finding the pool empty is refused (429, {@code rate_limit})
 * with the seconds until the next token in {@code Retry-After}. So a script may burst, but not
 * keep a shared control plane busy. Thread-safe: one pool per user, updated atomically.
 */
public final class ApiRateLimit {

    /**
     * @param capacity  the most tokens a pool holds, and so the longest burst ({@code PAAS_API_RATE_LIMIT})
     * @param perMinute tokens added each minute ({@code PAAS_API_RATE_LIMIT_PER_MINUTE})
     */
    public record Policy(int capacity, int perMinute) {
        public Policy {
            if (capacity < 1 || perMinute < 1) {
                throw new IllegalArgumentException("a rate limit needs at least 1 token and 1 per minute: " + capacity
                        + ", " + perMinute);
            }
        }

        /** Heroku's numbers: 4500 tokens, about 75 added a minute. */
        public static Policy defaults() {
            return new Policy(4500, 75);
        }
    }

    private record Pool(double tokens, Instant at) {
    }

    private final Policy policy;
    private final Clock clock;
    private final Map<UUID, Pool> pools = new ConcurrentHashMap<>();

    public ApiRateLimit(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * Takes a token from {@code user}'s pool and answers how many whole tokens are left.
     *
     * @throws PlatformException.TooManyRequests when the pool is empty (nothing is taken)
     */
    public int take(UUID user) {
        Instant now = clock.instant();
        double[] left = new double[1];
        pools.compute(user, (id, pool) -> {
            double tokens = pool == null ? policy.capacity() : refilled(pool, now);
            left[0] = tokens;
            return new Pool(tokens >= 1 ? tokens - 1 : tokens, now);
        });
        if (left[0] < 1) {
            long seconds = (long) Math.ceil((1 - left[0]) * 60 / policy.perMinute());
            throw new PlatformException.TooManyRequests("your account reached the API rate limit of "
                    + policy.capacity() + " requests (refilled at " + policy.perMinute() + " a minute): wait "
                    + seconds + " s, or ask the operator to raise PAAS_API_RATE_LIMIT", Duration.ofSeconds(Math.max(1, seconds)));
        }
        return (int) Math.floor(left[0] - 1);
    }

    /** How many whole tokens {@code user} has now, without taking one. */
    public int remaining(UUID user) {
        Pool pool = pools.get(user);
        return pool == null ? policy.capacity() : (int) Math.floor(refilled(pool, clock.instant()));
    }

    private double refilled(Pool pool, Instant now) {
        double minutes = Math.max(0, Duration.between(pool.at(), now).toNanos()) / 60e9;
        return Math.min(policy.capacity(), pool.tokens() + minutes * policy.perMinute());
    }
}
