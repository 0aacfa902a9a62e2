package paas.router.proxy;

import paas.router.Backend;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Picks the dyno for a request: the power of two choices over requests outstanding, skipping
 * dynos that recently refused a connection. Shared by every event loop: the counters are atomics
 * and nothing here blocks.
 */
final class Balancer {
    private final ConcurrentHashMap<Backend, Load> loads = new ConcurrentHashMap<>();
    private final RandomGenerator random;
    private final LongSupplier nanoTime;
    private final long quarantineNanos;

    /** The load of one dyno; {@link #done()} must be called once for every {@link #pick} that returned it. */
    static final class Load {
        final Backend backend;
        private final AtomicInteger outstanding = new AtomicInteger();
        private volatile long quarantinedUntil;
        private volatile long lastUsed;

        Load(Backend backend, long now) {
            this.backend = backend;
            // nanoTime may be negative: start "out of quarantine" relative to now, not to zero.
            this.quarantinedUntil = now;
            this.lastUsed = now;
        }

        int outstanding() {
            return outstanding.get();
        }

        void done() {
            outstanding.decrementAndGet();
        }
    }

    Balancer(RandomGenerator random, LongSupplier nanoTime, long quarantineNanos) {
        this.random = random;
        this.nanoTime = nanoTime;
        this.quarantineNanos = quarantineNanos;
    }

    /**
     * The dyno to try next among {@code backends}, leaving out those in {@code tried}; dynos in
     * quarantine only when nothing else is left. Null when every dyno was tried. The returned load
     * already counts the request.
     */
    Load pick(List<Backend> backends, Collection<Backend> tried) {
        long now = nanoTime.getAsLong();
        if (backends.size() == 1) {
            // The common case of one web dyno, without building candidate lists: healthy or
            // quarantined, it is the only one there is, unless it was tried already.
            Backend only = backends.get(0);
            if (tried.contains(only)) {
                return null;
            }
            return counted(load(only, now), now);
        }
        List<Load> healthy = new ArrayList<>(backends.size());
        List<Load> quarantined = null;
        for (Backend b : backends) {
            if (tried.contains(b)) {
                continue;
            }
            Load load = load(b, now);
            if (now - load.quarantinedUntil < 0) {
                if (quarantined == null) {
                    quarantined = new ArrayList<>(2);
                }
                quarantined.add(load);
            } else {
                healthy.add(load);
            }
        }
        List<Load> candidates = healthy.isEmpty() ? quarantined : healthy;
        if (candidates == null || candidates.isEmpty()) {
            return null;
        }
        return counted(twoChoices(candidates), now);
    }

    private Load load(Backend backend, long now) {
        Load load = loads.get(backend);
        return load != null ? load : loads.computeIfAbsent(backend, k -> new Load(k, now));
    }

    private static Load counted(Load chosen, long now) {
        chosen.outstanding.incrementAndGet();
        chosen.lastUsed = now;
        return chosen;
    }

    private Load twoChoices(List<Load> candidates) {
        int n = candidates.size();
        if (n == 1) {
            return candidates.get(0);
        }
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        if (j >= i) {
            j++;
        }
        Load a = candidates.get(i);
        Load b = candidates.get(j);
        return b.outstanding() < a.outstanding() ? b : a;
    }

    /** Keeps {@code backend} out of picks for the quarantine period, e.g. after it refused a connection. */
    void quarantine(Backend backend) {
        long now = nanoTime.getAsLong();
        loads.computeIfAbsent(backend, k -> new Load(k, now)).quarantinedUntil = now + quarantineNanos;
    }

    boolean isQuarantined(Backend backend) {
        Load load = loads.get(backend);
        return load != null && nanoTime.getAsLong() - load.quarantinedUntil < 0;
    }

    /** Forgets dynos with nothing outstanding, out of quarantine and unused for {@code idleNanos}. */
    void sweep(long idleNanos) {
        long now = nanoTime.getAsLong();
        loads.values().removeIf(l -> l.outstanding() == 0 && now - l.quarantinedUntil >= 0 && now - l.lastUsed > idleNanos);
    }

    int tracked() {
        return loads.size();
    }
}
