package paas.process;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * "Desired minus running" for one app, as a value: which dynos to start, which to stop (and why),
 * and which web dynos to route to once the plan is carried out. Computed by {@link #compute}, a
 * pure function; the {@link Reconciler} carries it out in the order routes, stops, starts.
 *
 * @param app    the app
 * @param starts dyno names to start with the current release ({@code web.3})
 * @param stops  running dynos to send SIGTERM
 * @param routes the web dynos to route to, sorted by name
 * @param webBooting no web dyno to route to yet, but some are on their way up (starting, or
 *               started by this plan): the router holds requests for them rather than failing
 */
public record Plan(String app, List<String> starts, List<Stop> stops, List<Backend> routes, boolean webBooting) {
    public Plan {
        Names.app(app);
        starts = List.copyOf(starts);
        stops = List.copyOf(stops);
        routes = List.copyOf(routes);
    }

    public boolean changesDynos() {
        return !starts.isEmpty() || !stops.isEmpty();
    }

    /** Why a dyno is stopped. */
    public enum Reason {
        /** Its type left the formation, its index is above the quantity, or it duplicates another. */
        SCALE,
        /** It runs an older release and its replacement is ready (web) or starting (other types). */
        RELEASE,
        /**
         * {@code ps:restart} asked for a new dyno in its place, which is ready (web) or starting
         * (other types): the same rule as {@link #RELEASE}.
         */
        RESTART,
        /** The app is no longer managed. */
        REMOVED
    }

    public record Stop(String id, String dyno, Reason reason) {
        public Stop {
            Objects.requireNonNull(id, "id");
            Names.dyno(dyno);
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A dyno as the planner needs to see it.
     *
     * @param stopping SIGTERM was already sent: it counts as gone
     * @param replaced {@code ps:restart} asked for a new dyno in its place: it is replaced exactly
     *                 as a dyno of an older release is, though it runs the current one
     */
    public record Live(String id, String name, int release, boolean up, boolean stopping, boolean oneOff,
                       Instant startedAt, Endpoint endpoint, boolean replaced) {
        public Live {
            Objects.requireNonNull(id, "id");
            Names.dyno(name);
            Objects.requireNonNull(startedAt, "startedAt");
        }

        /** A dyno no restart asked to replace. */
        public Live(String id, String name, int release, boolean up, boolean stopping, boolean oneOff,
                    Instant startedAt, Endpoint endpoint) {
            this(id, name, release, up, stopping, oneOff, startedAt, endpoint, false);
        }

        String type() {
            return Names.typeOf(name);
        }

        /** Of the generation the formation asks for: its release, and no restart asked to replace it. */
        boolean current(int currentRelease) {
            return release == currentRelease && !replaced;
        }
    }

    /**
     * @param app       the app
     * @param formation its desired state, or null when the app is no longer managed
     * @param dynos     its dynos that run now
     * @param restartAt for crashed slots of the current release, when they may start again
     * @param now       the time the plan is for
     */
    public static Plan compute(String app, Formation formation, List<Live> dynos, Map<String, Instant> restartAt,
                               Instant now) {
        List<Stop> stops = new ArrayList<>();
        List<String> starts = new ArrayList<>();
        Set<String> stopped = new HashSet<>();
        if (formation == null) {
            for (Live d : dynos) {
                if (!d.stopping()) {
                    stops.add(new Stop(d.id(), d.name(), Reason.REMOVED));
                }
            }
            return new Plan(app, starts, stops, List.of(), false);
        }
        int current = formation.release().version();
        List<Live> live = dynos.stream().filter(d -> !d.oneOff() && !d.stopping())
                // Started first, so that among duplicates the older (longer serving) one is kept.
                .sorted(Comparator.comparing(Live::startedAt).thenComparing(Live::id)).toList();

        for (Live d : live) {
            if (Names.indexOf(d.name()) > formation.quantity(d.type())) {
                stops.add(new Stop(d.id(), d.name(), Reason.SCALE));
                stopped.add(d.id());
            }
        }
        // One dyno per name of the current generation: a second one (a start whose record was
        // lost) goes. An up one is preferred over a starting one.
        Map<String, Live> byName = new HashMap<>();
        for (Live d : live.stream().sorted(Comparator.comparing((Live d) -> !d.up())).toList()) {
            if (stopped.contains(d.id()) || !d.current(current)) {
                continue;
            }
            if (byName.putIfAbsent(d.name(), d) != null) {
                stops.add(new Stop(d.id(), d.name(), Reason.SCALE));
                stopped.add(d.id());
            }
        }
        for (ProcessFormation p : new TreeMap<>(formation.processes()).values()) {
            for (int i = 1; i <= p.quantity(); i++) {
                String name = p.type() + "." + i;
                Instant at = restartAt.get(name);
                if (!byName.containsKey(name) && (at == null || !at.isAfter(now))) {
                    starts.add(name);
                }
            }
        }
        // A deploy or a restart: the dynos being replaced go only once every new web dyno
        // answers, so routing never drops to fewer dynos than asked for. Other types are not
        // routed: theirs go as soon as their replacements start.
        int webWanted = formation.quantity("web");
        boolean newWebReady = true;
        for (int i = 1; i <= webWanted; i++) {
            Live d = byName.get("web." + i);
            newWebReady &= d != null && d.up();
        }
        for (Live d : live) {
            if (stopped.contains(d.id()) || d.current(current)) {
                continue;
            }
            if (!d.type().equals("web") || newWebReady) {
                stops.add(new Stop(d.id(), d.name(), d.release() == current ? Reason.RESTART : Reason.RELEASE));
                stopped.add(d.id());
            }
        }
        List<Backend> routes = routes(live, stopped, current);
        boolean webBooting = routes.isEmpty() && (starts.stream().anyMatch(n -> Names.typeOf(n).equals("web"))
                || live.stream().anyMatch(d -> d.type().equals("web") && !d.up() && !stopped.contains(d.id())
                        && d.current(current)));
        return new Plan(app, starts, stops, routes, webBooting);
    }

    /**
     * The web dynos to route to. During a deploy, the older releases' dynos until they are stopped
     * (the whole set switches at once, releases are not mixed). Otherwise the current release's,
     * where a dyno a restart replaces keeps its name's traffic until it is stopped: its
     * replacement joins when the whole set switches, as in a deploy, so a restart of some dynos
     * never takes the others out of the route. No backend is listed twice; two generations of one
     * name (overlapping deploys) may both be listed, at their own addresses.
     */
    private static List<Backend> routes(List<Live> live, Set<String> stopped, int current) {
        Set<Backend> older = new LinkedHashSet<>();
        Map<String, List<Backend>> replaced = new HashMap<>();
        Map<String, Backend> fresh = new HashMap<>();
        for (Live d : live) {
            if (stopped.contains(d.id()) || !d.up() || d.endpoint() == null || !d.type().equals("web")) {
                continue;
            }
            Backend b = Backend.of(d.name(), d.endpoint());
            if (d.release() != current) {
                older.add(b);
            } else if (d.replaced()) {
                replaced.computeIfAbsent(d.name(), n -> new ArrayList<>()).add(b);
            } else {
                fresh.put(d.name(), b);
            }
        }
        Set<Backend> routes = new LinkedHashSet<>(older);
        if (routes.isEmpty()) {
            replaced.values().forEach(routes::addAll);
            fresh.forEach((name, b) -> {
                if (!replaced.containsKey(name)) {
                    routes.add(b);
                }
            });
        }
        List<Backend> sorted = new ArrayList<>(routes);
        sorted.sort(Comparator.comparing(Backend::dyno, Comparator.comparing(Names::typeOf)
                .thenComparingInt(Names::indexOf)).thenComparing(Backend::host).thenComparing(Backend::port));
        return sorted;
    }
}
