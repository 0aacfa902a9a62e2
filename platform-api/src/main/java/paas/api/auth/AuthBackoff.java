package paas.api.auth;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed-token back-off per client address, for the API, the streams and git alike. After
 * {@link Policy#freeFailures} failed token checks in a row from one address, that address is
 * blocked for {@link Policy#firstBlock}, and each further failure after a block doubles the block,
 * up to {@link Policy#maxBlock}. While blocked, every request from the address is refused without
 * looking at its token, so a correct token waits too (otherwise the block would not slow
 * guessing). A successful check after the block forgets the address; so does
 * {@link Policy#forgetAfter} without a failure.
 *
 * <p>An address is the connection's peer: behind a reverse proxy every client shares the
 * proxy's address (docs/operations.md). IPv6 addresses count per /64, which is what one host or
 * site usually holds. At most {@link Policy#maxAddresses} addresses are remembered; beyond that
 * the least recently seen is forgotten, so an attacker rotating addresses cannot grow memory.
 *
 * <p>Each method takes a short lock and never waits for time to pass: blocked requests are
 * answered at once (429 with {@code Retry-After}), no thread sleeps. Thread-safe.
 */
public final class AuthBackoff {

    /** The back-off's numbers; {@link #defaults()} documents the platform's choice. */
    public record Policy(int freeFailures, Duration firstBlock, Duration maxBlock, Duration forgetAfter,
                         int maxAddresses) {
        public Policy {
            if (freeFailures < 1 || firstBlock.isNegative() || firstBlock.isZero() || maxBlock.compareTo(firstBlock) < 0
                    || forgetAfter.compareTo(maxBlock) < 0 || maxAddresses < 1) {
                throw new IllegalArgumentException("inconsistent back-off policy " + this);
            }
        }

        /**
         * 5 failures free (a mistyped token or two stays unnoticed), then 1 s, 2 s, 4 s ... capped at
         * 60 s: at most about one guess a minute per address, while someone locked out by a
         * neighbour behind the same NAT waits a minute, not hours. Tokens carry 256 random bits, so
         * the back-off is against load and noise more than against guessing.
         */
        public static Policy defaults() {
            return new Policy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofMinutes(15), 10_000);
        }
    }

    /** One address's recent failures; guarded by the back-off's lock. */
    private static final class Record {
        int failures;
        Instant lastFailure;
        Instant blockedUntil = Instant.MIN;
    }

    private final Policy policy;
    private final Clock clock;
    private final Map<String, Record> records;

    public AuthBackoff(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
        // Access order: the eldest entry is the address seen least recently, the one to forget first.
        this.records = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
                return size() > policy.maxAddresses();
            }
        };
    }

    /** How long requests from {@code client} must still wait, or empty when they may try. */
    public synchronized Optional<Duration> blocked(SocketAddress client) {
        Record r = records.get(keyOf(client));
        Instant now = clock.instant();
        return r != null && now.isBefore(r.blockedUntil) ? Optional.of(Duration.between(now, r.blockedUntil))
                : Optional.empty();
    }

    /** A token from {@code client} was checked and is not valid. */
    public synchronized void failed(SocketAddress client) {
        Instant now = clock.instant();
        Record r = records.computeIfAbsent(keyOf(client), k -> new Record());
        if (r.lastFailure != null && now.isAfter(r.lastFailure.plus(policy.forgetAfter()))) {
            r.failures = 0;
        }
        r.failures++;
        r.lastFailure = now;
        if (r.failures >= policy.freeFailures()) {
            // 2^30 seconds is decades: the cap always applies long before the shift could overflow.
            int doublings = Math.min(r.failures - policy.freeFailures(), 30);
            Duration block = policy.firstBlock().multipliedBy(1L << doublings);
            r.blockedUntil = now.plus(block.compareTo(policy.maxBlock()) > 0 ? policy.maxBlock() : block);
        }
    }

    /** A token from {@code client} was valid: its failures are forgotten. */
    public synchronized void succeeded(SocketAddress client) {
        records.remove(keyOf(client));
    }

    /** How many addresses are remembered now (for tests of the bound). */
    synchronized int size() {
        return records.size();
    }

    /**
     * What the back-off counts by: an IPv4 address, an IPv6 /64, or one shared key for peers that
     * are not IP sockets (tests' in-memory channels).
     */
    public static String keyOf(SocketAddress client) {
        if (!(client instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return "unknown";
        }
        InetAddress address = inet.getAddress();
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString((bytes[i] & 0xff) << 8 | bytes[i + 1] & 0xff)).append(':');
        }
        return prefix.append(":/64").toString();
    }
}
