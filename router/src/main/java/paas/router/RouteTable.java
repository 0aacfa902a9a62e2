package paas.router;

import paas.vocabulary.Hostname;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live table of routes the router serves: app, hostnames, web dynos.
 *
 * <p>Fed the way a reconciler is: {@link #replaceAll} with the full state first (and after any
 * doubt), then {@link #update} and {@link #remove} as dynos and domains change. Every change builds
 * a new immutable table and swaps it in one step, so a request sees either the whole change or
 * none of it.
 *
 * <p>Thread-safety: every method may be called from any thread at any time. Changes never block
 * (a compare-and-set loop); lookups are one volatile read and a hash lookup, which is why the
 * router's event loops may call them per request. A change that would break the table (two apps
 * claiming one hostname, a duplicate app in a snapshot) throws {@link IllegalArgumentException}
 * and leaves the table exactly as it was.
 */
public final class RouteTable {
    private final String domain;
    private final AtomicReference<Table> table = new AtomicReference<>(Table.EMPTY);

    /**
     * @param domain the base domain; every app also answers at {@code APP.domain}
     */
    public RouteTable(String domain) {
        Objects.requireNonNull(domain, "domain");
        this.domain = domain.toLowerCase(Locale.ROOT);
        if (!Hostname.isDnsName(this.domain, 1)) {
            throw new IllegalArgumentException("base domain '" + domain + "' is not a DNS name such as localhost or"
                    + " apps.example.com (no wildcard)");
        }
    }

    /** The default hostname of {@code app}: {@code APP.DOMAIN}. */
    public String defaultHostname(String app) {
        return app + "." + domain;
    }

    /** Replaces every route with {@code routes}, at once. */
    public void replaceAll(Collection<Route> routes) {
        Map<String, Route> byApp = new HashMap<>();
        for (Route r : routes) {
            if (byApp.put(r.app(), r) != null) {
                throw new IllegalArgumentException("the snapshot lists app '" + r.app() + "' twice");
            }
        }
        table.set(build(byApp));
    }

    /** Adds the app's route, or replaces the one it had. */
    public void update(Route route) {
        Objects.requireNonNull(route, "route");
        Table current;
        Table next;
        do {
            current = table.get();
            Map<String, Route> byApp = new HashMap<>(current.byApp());
            byApp.put(route.app(), route);
            next = build(byApp);
        } while (!table.compareAndSet(current, next));
    }

    /** Removes the app's route; its hostnames answer 404 from then on. Returns whether it had one. */
    public boolean remove(String app) {
        Table current;
        Table next;
        do {
            current = table.get();
            if (!current.byApp().containsKey(app)) {
                return false;
            }
            Map<String, Route> byApp = new HashMap<>(current.byApp());
            byApp.remove(app);
            next = build(byApp);
        } while (!table.compareAndSet(current, next));
        return true;
    }

    /** The app's current route. */
    public Optional<Route> route(String app) {
        return Optional.ofNullable(table.get().byApp().get(app));
    }

    /** Every route, as one consistent snapshot. */
    public Map<String, Route> routes() {
        return table.get().byApp();
    }

    /**
     * The route answering {@code host}, or null. {@code host} must already be lowercase and
     * without a port; an exact hostname wins over a {@code *.} wildcard of its parent.
     */
    public Route lookup(String host) {
        Map<String, Route> byHost = table.get().byHost();
        Route exact = byHost.get(host);
        if (exact != null) {
            return exact;
        }
        int dot = host.indexOf('.');
        return dot < 0 ? null : byHost.get("*" + host.substring(dot));
    }

    private Table build(Map<String, Route> byApp) {
        Map<String, Route> byHost = new HashMap<>();
        for (Route r : byApp.values()) {
            claim(byHost, defaultHostname(r.app()), r);
            for (String h : r.hostnames()) {
                claim(byHost, h, r);
            }
        }
        return new Table(Map.copyOf(byApp), Map.copyOf(byHost));
    }

    private static void claim(Map<String, Route> byHost, String hostname, Route route) {
        Route holder = byHost.putIfAbsent(hostname, route);
        if (holder != null && !holder.app().equals(route.app())) {
            throw new IllegalArgumentException("hostname '" + hostname + "' of app '" + route.app()
                    + "' already belongs to app '" + holder.app() + "'; remove it there first");
        }
    }

    private record Table(Map<String, Route> byApp, Map<String, Route> byHost) {
        static final Table EMPTY = new Table(Map.of(), Map.of());
    }
}
