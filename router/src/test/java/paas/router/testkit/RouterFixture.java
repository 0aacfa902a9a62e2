package paas.router.testkit;

import paas.router.Route;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.proxy.RouterServer;

import paas.router.tls.AcmeChallenges;
import paas.router.tls.RouterTls;

import java.time.Duration;
import java.util.Optional;

/** A router on 127.0.0.1 with a free port, a recording log and the test domain {@code test.local}. */
public final class RouterFixture implements AutoCloseable {
    public static final String DOMAIN = "test.local";

    public final RouteTable routes = new RouteTable(DOMAIN);
    public final RecordingLog log = new RecordingLog();
    public final RouterServer server;

    public RouterFixture(RouterConfig config) throws InterruptedException {
        server = RouterServer.start(config.withListen("127.0.0.1", 0).withIoThreads(2), routes, log);
    }

    /** With a TLS port too, and the plain port answering {@code challenges}. */
    public RouterFixture(RouterConfig config, RouterTls tls, AcmeChallenges challenges) throws InterruptedException {
        server = RouterServer.start(config.withListen("127.0.0.1", 0).withIoThreads(2), routes, log, Optional.of(tls),
                challenges);
    }

    /** Test-sized timeouts: connect 1 s, first byte 2 s, idle 2 s, keep-alive 5 s. */
    public RouterFixture() throws InterruptedException {
        this(RouterConfig.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5)));
    }

    public RouterFixture route(Route route) {
        routes.update(route);
        return this;
    }

    public int port() {
        return server.port();
    }

    public int tlsPort() {
        return server.tlsPort();
    }

    public static String host(String app) {
        return app + "." + DOMAIN;
    }

    @Override
    public void close() {
        server.close();
    }
}
