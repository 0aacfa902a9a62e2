package paas.api.dynos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.RouteListener;
import paas.router.Backend;
import paas.router.Route;
import paas.router.RouteTable;

import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the router's {@link RouteTable} in line with two sources that change independently: the
 * app's settings from the store (hostnames, maintenance, whether web dynos should run) and the
 * web dynos the reconciler finds answering. Each change rebuilds the app's whole {@link Route},
 * which the table swaps in at once.
 *
 * <p>Routers in other processes ({@code paasd router}) read the book with {@link #awaitChange}.
 * Two guarantees serve them across a restart of paasd:
 * <ul>
 *   <li>A snapshot names the book's <em>generation</em>, random per instance, next to its version.
 *       Versions count changes within one generation only: a restarted paasd counts from 1 again,
 *       and a router that saw version 900 of the old one is answered at once because its
 *       generation differs, not after the numbers pass 900. A random id rather than versions that
 *       start at the wall clock: it needs no clock that never goes back, and two paasd on one
 *       store (a mistake, but possible) can never be taken for one another.</li>
 *   <li>Long polls are answered only once {@link #markSynced()} was called: after the store was
 *       read and the running dynos adopted. Before that the book holds the apps' settings but not
 *       yet their backends, and a router that took that for the truth would drop every running
 *       app for the seconds a restarted paasd spends adopting its dynos.</li>
 * </ul>
 *
 * <p>Thread-safe: settings come from API threads, backends from the reconciler's thread.
 */
public final class RouteBook implements RouteListener {
    private static final Logger log = LoggerFactory.getLogger(RouteBook.class);

    private record Entry(Set<String> hostnames, boolean maintenance, boolean webWanted, List<Backend> backends,
                         boolean booting, boolean httpsOnly) {
    }

    /**
     * Every route at one version of the book, for routers in other processes.
     *
     * @param generation the book's instance: versions compare only within one generation
     */
    public record Snapshot(String generation, long version, List<Route> routes) {
        public Snapshot {
            if (generation == null || !generation.matches(GENERATION)) {
                throw new IllegalArgumentException("a route generation is 1 to 32 characters a-z 0-9, not '"
                        + generation + "'");
            }
            routes = List.copyOf(routes);
        }
    }

    /** What a generation looks like on the wire. */
    public static final String GENERATION = "[a-z0-9]{1,32}";

    private final RouteTable table;
    private final String generation;
    private final Map<String, Entry> entries = new HashMap<>();
    /** Apps destroyed since they were last configured: their stopping dynos' reports route nothing. */
    private final java.util.Set<String> removed = new java.util.HashSet<>();
    private long version = 1;
    private boolean synced;

    /** A book of a new generation, not yet synced. */
    public RouteBook(RouteTable table) {
        this(table, newGeneration());
    }

    RouteBook(RouteTable table, String generation) {
        this.table = table;
        this.generation = generation;
        // Checked once here, so no snapshot of this book can fail to build later.
        new Snapshot(generation, version, List.of());
    }

    private static String newGeneration() {
        UUID id = UUID.randomUUID();
        return HexFormat.of().toHexDigits(id.getMostSignificantBits()) + HexFormat.of().toHexDigits(id.getLeastSignificantBits());
    }

    /**
     * The store was read and the running dynos adopted: the book now holds every app's whole
     * route, and long polls are answered from now on. Idempotent.
     */
    public synchronized void markSynced() {
        if (!synced) {
            synced = true;
            log.info("routes: first full sync done at version {} of generation {}; routers are answered now",
                    version, generation);
            notifyAll();
        }
    }

    /** Whether {@link #markSynced()} was called. */
    public synchronized boolean synced() {
        return synced;
    }

    /** The app's settings: its custom hostnames, maintenance mode, and whether it should have web dynos. */
    public synchronized void configure(String app, Set<String> hostnames, boolean maintenance, boolean webWanted) {
        configure(app, hostnames, maintenance, webWanted, false);
    }

    /** As {@link #configure(String, Set, boolean, boolean)}, and whether plain HTTP is redirected to HTTPS. */
    public synchronized void configure(String app, Set<String> hostnames, boolean maintenance, boolean webWanted,
                                       boolean httpsOnly) {
        removed.remove(app); // created again under the same name
        Entry old = entries.get(app);
        // Web dynos just asked for (a first deploy, a scale up from zero) are about to start: until
        // the reconciler reports them, a request waits for them rather than being told they crashed.
        boolean booting = old == null || !old.webWanted() ? webWanted : old.booting();
        Entry next = new Entry(Set.copyOf(hostnames), maintenance, webWanted, old == null ? List.of() : old.backends(),
                booting, httpsOnly);
        entries.put(app, next);
        publish(app, next);
    }

    @Override
    public synchronized void routesChanged(String app, List<paas.process.Backend> backends, boolean booting) {
        // Two generations of one name (one drains while the other serves) are two backends; the
        // same backend twice is one.
        if (removed.contains(app)) {
            // The destroyed app's dynos report while they stop: routing them again would answer its
            // hostnames with 503 (no web dynos) instead of 404 until paasd restarts.
            return;
        }
        List<Backend> converted = backends.stream().map(b -> new Backend(b.dyno(), b.host(), b.port())).distinct().toList();
        Entry old = entries.get(app);
        if (old == null) {
            // Dynos can be adopted before the store's settings are read; route them under the default host.
            old = new Entry(Set.of(), false, true, List.of(), false, false);
        }
        Entry next = new Entry(old.hostnames(), old.maintenance(), old.webWanted(), converted, booting, old.httpsOnly());
        // Checked before it is kept: backends the router refuses change nothing, and the reconciler,
        // told so by the exception, tries again on its next change.
        route(app, next);
        entries.put(app, next);
        publish(app, next);
    }

    /** The app is gone: its hostnames answer 404 from now on. */
    public synchronized void remove(String app) {
        entries.remove(app);
        removed.add(app);
        table.remove(app);
        changed();
    }

    /** The routes now, synced or not. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(generation, version, List.copyOf(table.routes().values()));
    }

    /**
     * A long poll: the routes once the book is synced and either of another generation than
     * {@code generation} (a router that followed an earlier paasd, or none yet) or past version
     * {@code after}; waits at most {@code max}. A synced book answers its snapshot when the wait
     * ends without a change; a book not synced by then answers empty, and the caller keeps the
     * routes it has.
     *
     * @param generation the generation the caller's {@code after} belongs to; null compares
     *                   versions only (routers older than generations)
     */
    public synchronized Optional<Snapshot> awaitChange(String generation, long after, Duration max)
            throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!synced || (version <= after && (generation == null || generation.equals(this.generation)))) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (leftMs <= 0) {
                break;
            }
            wait(leftMs);
        }
        return synced ? Optional.of(snapshot()) : Optional.empty();
    }

    private void changed() {
        version++;
        notifyAll();
    }

    private static Route route(String app, Entry e) {
        // Only read while there are no backends.
        Route.Unavailable why = !e.webWanted() ? Route.Unavailable.NO_WEB_DYNOS
                : e.booting() ? Route.Unavailable.BOOTING : Route.Unavailable.CRASHED;
        return new Route(app, e.hostnames(), e.backends(), e.maintenance(), why).withHttpsOnly(e.httpsOnly());
    }

    private void publish(String app, Entry e) {
        Route route = route(app, e);
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
