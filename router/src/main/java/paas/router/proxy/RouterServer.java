package paas.router.proxy;

import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.RouterLog;

/**
 * The HTTP router: a reverse proxy from {@code APP.DOMAIN} and custom domains to the app's web
 * dynos, as described by a {@link RouteTable}, writing one {@link paas.router.RouterLogLine} per request.
 *
 * <p>Lifecycle: {@link #start} binds and returns once the socket accepts connections;
 * {@link #close} stops accepting, closes every connection (requests in flight are cut), stops
 * the event loops and then delivers the log lines still queued. The route table may be changed
 * at any time from any thread while the server runs; the server never calls back into the
 * platform except through the {@link RouterLog}, from its own log thread.
 *
 * <p>Thread-safety: all methods may be called from any thread. {@link #start} and {@link #close}
 * block (binding, shutting down); the accessors do not.
 */
public final class RouterServer implements AutoCloseable {
    private final ProxyServer proxy;

    private RouterServer(ProxyServer proxy) {
        this.proxy = proxy;
    }

    /**
     * Starts listening on {@code config.bindHost():config.port()}.
     *
     * @throws InterruptedException          if interrupted while binding
     * @throws java.io.UncheckedIOException if the address cannot be bound (port taken, no such address);
     *                                       nothing is left running then
     */
    public static RouterServer start(RouterConfig config, RouteTable routes, RouterLog log) throws InterruptedException {
        return new RouterServer(ProxyServer.start(config, routes, log));
    }

    /**
     * Starts the plain port as {@link #start(RouterConfig, RouteTable, RouterLog)} does and, when
     * {@code tls} is given, the TLS port too; the plain port answers ACME HTTP-01 {@code challenges}
     * for any hostname before routing.
     */
    public static RouterServer start(RouterConfig config, RouteTable routes, RouterLog log,
                                     java.util.Optional<paas.router.tls.RouterTls> tls,
                                     paas.router.tls.AcmeChallenges challenges) throws InterruptedException {
        return new RouterServer(ProxyServer.start(config, routes, log, tls, challenges));
    }

    /** The TLS port actually bound; -1 without one. */
    public int tlsPort() {
        java.net.InetSocketAddress address = proxy.tlsAddress();
        return address == null ? -1 : address.getPort();
    }

    /** The port actually bound (useful when the config asked for 0). */
    public int port() {
        return proxy.address().getPort();
    }

    /** {@code io_uring}, {@code epoll} or {@code nio}. */
    public String transport() {
        return proxy.transport();
    }

    /** Log lines dropped because the {@link RouterLog} fell behind by more than the queue holds. */
    public long droppedLogLines() {
        return proxy.droppedLogLines();
    }

    /** Blocks for at most a few seconds; an interrupt cuts the wait short and is kept on the thread. */
    @Override
    public void close() {
        proxy.close();
    }
}
