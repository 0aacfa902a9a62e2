package paas.router.proxy;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Ticker;
import paas.router.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gets one {@link Exchange} a connection to a dyno of its route: the {@link Balancer} picks, a
 * dyno that refuses or does not answer the connect in time is quarantined and the next one tried,
 * up to the configured number of attempts (then H19 or H21), and an idle connection from the
 * event loop's {@link BackendPool} is preferred to a new one. Lives on the exchange's event loop.
 *
 * <p>It also keeps what the log line tells of the connecting (the dyno, the connect time) and
 * what deciding on a replay needs (whether the connection came from the pool).
 */
final class DynoConnector {
    private final Proxy proxy;
    private final Exchange exchange;
    private final EventLoop loop;
    private final Ticker ticker;

    private List<Backend> backends = List.of();
    private final List<Backend> tried = new ArrayList<>(2);
    private Balancer.Load load;
    private boolean lastConnectTimedOut;
    private boolean reused;
    private boolean retriedStale;
    private long connectNanos = -1;

    DynoConnector(Proxy proxy, Exchange exchange, EventLoop loop, Ticker ticker) {
        this.proxy = proxy;
        this.exchange = exchange;
        this.loop = loop;
        this.ticker = ticker;
    }

    /** Starts on {@code routeBackends}; the exchange hears back through {@link Exchange#attach} or {@link Exchange#fail}. */
    void connect(List<Backend> routeBackends) {
        backends = routeBackends;
        connectNext();
    }

    private void connectNext() {
        if (load != null) {
            load.done();
            load = null;
        }
        Balancer.Load next = tried.size() < proxy.config().connectAttempts()
                ? proxy.balancer().pick(backends, tried) : null;
        if (next == null) {
            exchange.fail(lastConnectTimedOut ? RouterError.H19 : RouterError.H21);
            return;
        }
        load = next;
        tried.add(next.backend);
        connect(next.backend, true);
    }

    /** Lends an idle connection to {@code target} (when allowed) or opens one; a failure moves on to the next dyno. */
    private void connect(Backend target, boolean pooledIsFine) {
        BackendPool pool = proxy.pool(loop);
        BackendHandler pooled = pooledIsFine ? pool.poll(target) : null;
        if (pooled != null) {
            attach(pooled, true, 0);
            return;
        }
        long t0 = ticker.nanoTime();
        pool.connect(target).addListener((ChannelFutureListener) f -> exchange.guarded(() -> {
            long took = ticker.nanoTime() - t0;
            if (exchange.isDone()) {
                f.channel().close();
            } else if (f.isSuccess()) {
                attach(f.channel().pipeline().get(BackendHandler.class), false, took);
            } else {
                lastConnectTimedOut = f.cause() instanceof ConnectTimeoutException;
                connectNanos = took;
                proxy.balancer().quarantine(target);
                connectNext();
            }
        }));
    }

    private void attach(BackendHandler handler, boolean fromPool, long tookNanos) {
        reused = fromPool;
        connectNanos = tookNanos;
        exchange.attach(handler);
    }

    /**
     * Whether a connection that closed before answering may be replaced once: only one lent from
     * the pool, which the dyno may have closed just as it was lent, and only the first time.
     */
    boolean mayReplaceStale() {
        return reused && !retriedStale;
    }

    /** Opens a fresh connection to the same dyno, in place of a stale pooled one (see {@link #mayReplaceStale}). */
    void replaceStale() {
        retriedStale = true;
        connect(load.backend, false);
    }

    /** The exchange is over: the picked dyno no longer counts it as outstanding. */
    void release() {
        if (load != null) {
            load.done();
        }
    }

    /** The dyno picked last, as the log line names it; empty when none was. */
    String dyno() {
        return load == null ? "" : load.backend.dyno();
    }

    /** How long the last connect took, in milliseconds; -1 when none was tried. */
    long connectMillis() {
        return connectNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(connectNanos);
    }
}
