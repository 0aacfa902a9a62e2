package paas.router.proxy;

import io.netty.channel.EventLoop;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.RouterLog;
import paas.router.tls.AcmeChallenges;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What every connection of one router shares: config, routes, the balancer, the log, one backend
 * connection pool per event loop (a pool is only ever touched by its own loop), the ACME answers
 * of the plain port and the TLS port that https-only apps are redirected to.
 */
record Proxy(RouterConfig config, RouteTable routes, Balancer balancer, RouterLog log, Clock clock,
             Map<EventLoop, BackendPool> pools, AcmeChallenges challenges, HttpsPort httpsPort) {

    Proxy {
        pools = Map.copyOf(pools);
        Objects.requireNonNull(challenges, "challenges");
        Objects.requireNonNull(httpsPort, "httpsPort");
    }

    /** A router without a TLS port, answering no ACME challenges. */
    Proxy(RouterConfig config, RouteTable routes, Balancer balancer, RouterLog log, Clock clock,
          Map<EventLoop, BackendPool> pools) {
        this(config, routes, balancer, log, clock, pools, new AcmeChallenges(), new HttpsPort());
    }

    BackendPool pool(EventLoop loop) {
        BackendPool pool = pools.get(loop);
        if (pool == null) {
            throw new IllegalStateException("no backend pool for event loop " + loop);
        }
        return pool;
    }
}
