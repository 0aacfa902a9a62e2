package paas.api.dynos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.RouteListener;
import paas.router.Backend;
import paas.router.Route;
import paas.router.RouteTable;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the router's {@link RouteTable} in line with two sources that change independently: the
 * app's settings from the store (hostnames, maintenance, whether web dynos should run) and the
 * web dynos the reconciler finds answering. Each change rebuilds the app's whole {@link Route},
 * which the table swaps in at once.
 *
 * <p>Thread-safe: settings come from API threads, backends from the reconciler's thread.
 */
public final class RouteBook implements RouteListener {
    private static final Logger log = LoggerFactory.getLogger(RouteBook.class);

    private record Entry(Set<String> hostnames, boolean maintenance, boolean webWanted, List<Backend> backends,
                         boolean booting) {
    }

    /** Every route at one version of the book, for routers in other processes. */
    public record Snapshot(long version, List<Route> routes) {
        public Snapshot {
            routes = List.copyOf(routes);
        }
    }

    private final RouteTable table;
    private final Map<String, Entry> entries = new HashMap<>();
    private long version = 1;

    public RouteBook(RouteTable table) {
        this.table = table;
    }

    /** The app's settings: its custom hostnames, maintenance mode, and whether it should have web dynos. */
    public synchronized void configure(String app, Set<String> hostnames, boolean maintenance, boolean webWanted) {
        Entry old = entries.get(app);
        // Web dynos just asked for (a first deploy, a scale up from zero) are about to start: until
        // the reconciler reports them, a request waits for them rather than being told they crashed.
        boolean booting = old == null || !old.webWanted() ? webWanted : old.booting();
        Entry next = new Entry(Set.copyOf(hostnames), maintenance, webWanted, old == null ? List.of() : old.backends(),
                booting);
        entries.put(app, next);
        publish(app, next);
    }

    @Override
    public synchronized void routesChanged(String app, List<paas.process.Backend> backends, boolean booting) {
        List<Backend> converted = backends.stream().map(b -> new Backend(b.dyno(), b.host(), b.port())).toList();
        Entry old = entries.get(app);
        if (old == null) {
            // Dynos can be adopted before the store's settings are read; route them under the default host.
            old = new Entry(Set.of(), false, true, List.of(), false);
        }
        Entry next = new Entry(old.hostnames(), old.maintenance(), old.webWanted(), converted, booting);
        entries.put(app, next);
        publish(app, next);
    }

    /** The app is gone: its hostnames answer 404 from now on. */
    public synchronized void remove(String app) {
        entries.remove(app);
        table.remove(app);
        changed();
    }

    /** The routes now. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(version, List.copyOf(table.routes().values()));
    }

    /**
     * The routes once their version is past {@code after}, waiting at most {@code max} for a change
     * (a long poll): answers the current snapshot either way.
     */
    public synchronized Snapshot awaitChange(long after, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (version <= after) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                break;
            }
            wait(leftMs);
        }
        return snapshot();
    }

    private void changed() {
        version++;
        notifyAll();
    }

    private void publish(String app, Entry e) {
        // Only read while there are no backends.
        Route.Unavailable why = !e.webWanted() ? Route.Unavailable.NO_WEB_DYNOS
                : e.booting() ? Route.Unavailable.BOOTING : Route.Unavailable.CRASHED;
        Route route = new Route(app, e.hostnames(), e.backends(), e.maintenance(), why);
        try {
            table.update(route);
        } catch (IllegalArgumentException conflict) {
            // Hostnames are unique in the store; a clash is a rename or a domain move half-seen. Keep
            // the app reachable on its default hostname until the next change settles it.
            log.warn("routes: {}; routing app {} by its default hostname only for now", conflict.getMessage(), app);
            table.update(route.withHostnames(Set.of()));
        }
        changed();
    }
}
