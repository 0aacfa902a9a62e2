package paas.router.bench;

import paas.router.Backend;
import paas.router.Route;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.proxy.RouterServer;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * The router alone, for {@code router/bench/run.sh}: routes {@code bench.bench.local} (and any
 * Host, via the custom domain {@code 127.0.0.1}) to one backend on 127.0.0.1, counts its log
 * lines instead of printing them, and runs until killed.
 *
 * <p>Usage: {@code BenchRouter ROUTER_PORT BACKEND_PORT [IO_THREADS]}
 */
public final class BenchRouter {
    private BenchRouter() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        RouteTable routes = new RouteTable("bench.local");
        routes.update(new Route("bench", java.util.Set.of("127.0.0.1"),
                List.of(new Backend("web.1", "127.0.0.1", backendPort)), false, Route.Unavailable.NO_WEB_DYNOS));
        LongAdder lines = new LongAdder();
        RouterServer server = RouterServer.start(RouterConfig.defaults().withListen("127.0.0.1", port).withIoThreads(threads),
                routes, line -> lines.increment());
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("router stopped after " + lines.sum() + " log lines (" + server.droppedLogLines() + " dropped)");
            stop.countDown();
        }));
        System.out.println("router listening on 127.0.0.1:" + server.port() + " transport=" + server.transport());
        stop.await();
    }
}
