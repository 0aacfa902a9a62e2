package paas.router;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything the router can be tuned with. {@link #defaults()} gives Heroku's numbers; every
 * value is checked here, so a running router never sees a nonsensical one. Immutable.
 *
 * @param bindHost            address to listen on ({@code 0.0.0.0} for all)
 * @param port                port to listen on; 0 picks a free one (see {@link paas.router.proxy.RouterServer#port()})
 * @param ioThreads           event loops; 0 means one per available processor
 * @param connectTimeout      to open a connection to a dyno (H19 after every attempt timed out)
 * @param firstByteTimeout    from the request fully sent to the dyno until its first response byte (H12)
 * @param idleTimeout         without a byte moving while a request or response is under way (H15 for
 *                            the dyno's side, H28 for the client's); also closes idle websockets
 * @param keepAliveTimeout    how long an idle client connection may stay open without a byte of its
 *                            next request
 * @param maxRequestLineBytes longest request line (414 beyond)
 * @param maxHeaderBytes      all header lines together (431 beyond)
 * @param connectAttempts     dynos tried for one request when connecting fails (each at most once)
 * @param quarantine          how long a dyno that refused or timed out a connection is avoided
 * @param backendIdleTimeout  how long an idle keep-alive connection to a dyno is kept for reuse
 * @param maxIdlePerBackend   idle connections kept per dyno and event loop
 * @param logQueueCapacity    router log lines waiting for the {@link RouterLog}; more are dropped and counted
 * @param bootTimeout         how long a request waits for an app whose web dynos are all still starting
 *                            (H20 after that)
 * @param maxHeaderCount      most header fields in one request (431 beyond)
 * @param maxHeaderLineBytes  longest header line, without its CRLF (431 beyond)
 * @param headerReadTimeout   from the first byte of a request head until its end; a client slower
 *                            than this gets 408 and the connection is closed (1 s .. 5 min)
 */
public record RouterConfig(String bindHost, int port, int ioThreads, Duration connectTimeout,
                           Duration firstByteTimeout, Duration idleTimeout, Duration keepAliveTimeout,
                           int maxRequestLineBytes, int maxHeaderBytes, int connectAttempts, Duration quarantine,
                           Duration backendIdleTimeout, int maxIdlePerBackend, int logQueueCapacity,
                           Duration bootTimeout, int maxHeaderCount, int maxHeaderLineBytes,
                           Duration headerReadTimeout) {
    private static final Duration MIN_HEADER_READ_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_HEADER_READ_TIMEOUT = Duration.ofMinutes(5);

    public RouterConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("router port " + port + " is outside 0..65535");
        }
        if (ioThreads < 0 || ioThreads > 1024) {
            throw new IllegalArgumentException("ioThreads " + ioThreads + " is outside 0..1024 (0 = one per processor)");
        }
        positive("connectTimeout", connectTimeout);
        positive("firstByteTimeout", firstByteTimeout);
        positive("idleTimeout", idleTimeout);
        positive("keepAliveTimeout", keepAliveTimeout);
        positive("quarantine", quarantine);
        positive("backendIdleTimeout", backendIdleTimeout);
        positive("bootTimeout", bootTimeout);
        atLeast("maxRequestLineBytes", maxRequestLineBytes, 256);
        atLeast("maxHeaderBytes", maxHeaderBytes, 1024);
        atLeast("connectAttempts", connectAttempts, 1);
        atLeast("maxIdlePerBackend", maxIdlePerBackend, 0);
        atLeast("logQueueCapacity", logQueueCapacity, 1);
        atLeast("maxHeaderCount", maxHeaderCount, 1);
        atLeast("maxHeaderLineBytes", maxHeaderLineBytes, 256);
        positive("headerReadTimeout", headerReadTimeout);
        if (headerReadTimeout.compareTo(MIN_HEADER_READ_TIMEOUT) < 0 || headerReadTimeout.compareTo(MAX_HEADER_READ_TIMEOUT) > 0) {
            throw new IllegalArgumentException("headerReadTimeout " + headerReadTimeout + " is outside 1 s .. 5 min");
        }
    }

    /**
     * Heroku's numbers: connect 5 s, first byte 30 s, idle 55 s, idle keep-alive 90 s, boot wait
     * 75 s; 8 KiB request line, 64 KiB headers, at most 1000 header fields of at most 8 KiB each,
     * a request head within 10 s of its first byte.
     */
    public static RouterConfig defaults() {
        return new RouterConfig("0.0.0.0", 8080, 0, Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(55), Duration.ofSeconds(90), 8 * 1024, 64 * 1024, 3, Duration.ofSeconds(5),
                Duration.ofSeconds(30), 1024, 10_000, Duration.ofSeconds(75), 1000, 8 * 1024, Duration.ofSeconds(10));
    }

    public RouterConfig withListen(String host, int newPort) {
        return new RouterConfig(host, newPort, ioThreads, connectTimeout, firstByteTimeout, idleTimeout,
                keepAliveTimeout, maxRequestLineBytes, maxHeaderBytes, connectAttempts, quarantine,
                backendIdleTimeout, maxIdlePerBackend, logQueueCapacity, bootTimeout, maxHeaderCount, maxHeaderLineBytes,
                headerReadTimeout);
    }

    public RouterConfig withIoThreads(int threads) {
        return new RouterConfig(bindHost, port, threads, connectTimeout, firstByteTimeout, idleTimeout,
                keepAliveTimeout, maxRequestLineBytes, maxHeaderBytes, connectAttempts, quarantine,
                backendIdleTimeout, maxIdlePerBackend, logQueueCapacity, bootTimeout, maxHeaderCount, maxHeaderLineBytes,
                headerReadTimeout);
    }

    /** The four timeouts at once: connect, first byte (H12), idle (H15/H28), client keep-alive. */
    public RouterConfig withTimeouts(Duration connect, Duration firstByte, Duration idle, Duration keepAlive) {
        return new RouterConfig(bindHost, port, ioThreads, connect, firstByte, idle, keepAlive,
                maxRequestLineBytes, maxHeaderBytes, connectAttempts, quarantine, backendIdleTimeout,
                maxIdlePerBackend, logQueueCapacity, bootTimeout, maxHeaderCount, maxHeaderLineBytes,
                headerReadTimeout);
    }

    public RouterConfig withQuarantine(Duration newQuarantine) {
        return new RouterConfig(bindHost, port, ioThreads, connectTimeout, firstByteTimeout, idleTimeout,
                keepAliveTimeout, maxRequestLineBytes, maxHeaderBytes, connectAttempts, newQuarantine,
                backendIdleTimeout, maxIdlePerBackend, logQueueCapacity, bootTimeout, maxHeaderCount, maxHeaderLineBytes,
                headerReadTimeout);
    }

    /** Connection reuse towards dynos: how long an idle one is kept, and how many per dyno and event loop. */
    public RouterConfig withBackendPool(Duration idle, int maxIdle) {
        return new RouterConfig(bindHost, port, ioThreads, connectTimeout, firstByteTimeout, idleTimeout,
                keepAliveTimeout, maxRequestLineBytes, maxHeaderBytes, connectAttempts, quarantine, idle, maxIdle,
                logQueueCapacity, bootTimeout, maxHeaderCount, maxHeaderLineBytes,
                headerReadTimeout);
    }

    public RouterConfig withBootTimeout(Duration wait) {
        return new RouterConfig(bindHost, port, ioThreads, connectTimeout, firstByteTimeout, idleTimeout,
                keepAliveTimeout, maxRequestLineBytes, maxHeaderBytes, connectAttempts, quarantine,
                backendIdleTimeout, maxIdlePerBackend, logQueueCapacity, wait, maxHeaderCount, maxHeaderLineBytes,
                headerReadTimeout);
    }

    /** Per-request header limits: how many fields, and how long one header line may be. */
    public RouterConfig withHeaderLimits(int headerCount, int headerLineBytes) {
        return new RouterConfig(bindHost, port, ioThreads, connectTimeout, firstByteTimeout, idleTimeout,
                keepAliveTimeout, maxRequestLineBytes, maxHeaderBytes, connectAttempts, quarantine,
                backendIdleTimeout, maxIdlePerBackend, logQueueCapacity, bootTimeout, headerCount, headerLineBytes,
                headerReadTimeout);
    }

    public RouterConfig withHeaderReadTimeout(Duration timeout) {
        return new RouterConfig(bindHost, port, ioThreads, connectTimeout, firstByteTimeout, idleTimeout,
                keepAliveTimeout, maxRequestLineBytes, maxHeaderBytes, connectAttempts, quarantine,
                backendIdleTimeout, maxIdlePerBackend, logQueueCapacity, bootTimeout, maxHeaderCount,
                maxHeaderLineBytes, timeout);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }
}
