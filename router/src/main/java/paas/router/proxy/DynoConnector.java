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
 * <p>A connection that closes before any response came back is handled by
 * {@link #closedUnanswered}: a fresh one is a dead dyno (docker-proxy accepts for a container
 * that is gone, then closes), quarantined at once; a pooled one may just have been closed by the
 * dyno's own keep-alive timeout, and gets one fresh connection to the same dyno first.
 *
 * <p>It also keeps what the log line tells of the connecting (the dyno, the connect time).
 */
final class DynoConnector {
    private final Proxy proxy;
    private final Exchange exchange;
    private final EventLoop loop;
    private final Ticker ticker;

    private List<Backend> backends = List.of();
    private final List<Backend> tried = new ArrayList<>(2);
    private Balancer.Load load;
    /** What the exchange fails with when no dyno is left: the way the last attempt failed. */
    private RouterError lastFailure = RouterError.H21;
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
            exchange.fail(lastFailure);
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
                lastFailure = f.cause() instanceof ConnectTimeoutException ? RouterError.H19 : RouterError.H21;
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
     * The connection the exchange had closed (or was reset) before any response came back; the
     * exchange let go of it. {@code mayResend}: the request may go out again (the dyno did not get
     * its head, or it is idempotent and bodiless). Returns true when another connection is on its
     * way (the exchange hears back through {@link Exchange#attach} or {@link Exchange#fail}),
     * false when the exchange must fail with H13 itself.
     *
     * <p>A pooled connection is replaced once by a fresh one to the same dyno, which is not
     * quarantined for it: the dyno may have closed it just as it was lent. A fresh connection
     * closing unanswered means the dyno is gone: it is quarantined, its idle connections on this
     * event loop are closed (on other loops they are dropped when found closed, or age out), and
     * the request moves to the next dyno, within the same attempts as a refused connect.
     */
    boolean closedUnanswered(boolean mayResend) {
        Backend dyno = load.backend;
        if (reused) {
            if (!mayResend || retriedStale) {
                return false;
            }
            retriedStale = true;
            connect(dyno, false);
            return true;
        }
        proxy.balancer().quarantine(dyno);
        proxy.pool(loop).dropIdle(dyno);
        lastFailure = RouterError.H13;
        if (!mayResend) {
            return false;
        }
        connectNext();
        return true;
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
