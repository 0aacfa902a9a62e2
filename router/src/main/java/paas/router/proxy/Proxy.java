package paas.router.proxy;

import io.netty.channel.EventLoop;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.RouterLog;

import java.time.Clock;
import java.util.Map;

/**
 * What every connection of one router shares: config, routes, the balancer, the log, and one
 * backend connection pool per event loop (a pool is only ever touched by its own loop).
 */
record Proxy(RouterConfig config, RouteTable routes, Balancer balancer, RouterLog log, Clock clock,
             Map<EventLoop, BackendPool> pools) {

    Proxy {
        pools = Map.copyOf(pools);
    }

    BackendPool pool(EventLoop loop) {
        BackendPool pool = pools.get(loop);
        if (pool == null) {
            throw new IllegalStateException("no backend pool for event loop " + loop);
        }
        return pool;
    }
}
