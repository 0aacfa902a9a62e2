package paas.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place that tells the {@link RouteListener}, and what it was last told per app. Two
 * paths tell it: a pass, with its plan's routes; and the runtime's exit event, which takes the
 * backend of a dyno that ended out of the route at once rather than at the next pass (which may
 * be busy starting dynos for seconds). A pass that planned before it heard of the exit cannot
 * put that backend back: exits stay remembered until a pass has seen them in the runtime's list.
 *
 * <p>Thread-safe: passes and the runtime's exit threads call it; the listener is called under
 * this object's lock, so it hears one change at a time and never an older set after a newer one.
 */
final class AnnouncedRoutes {
    private static final Logger log = LoggerFactory.getLogger(AnnouncedRoutes.class);

    private final RouteListener listener;
    private final Map<String, Told> told = new HashMap<>();
    /** Dyno id to its backend, for exits the runtime reported and passes have not yet seen. */
    private final Map<String, Backend> exited = new HashMap<>();
    /** Per app, the last failure of the listener that was logged (so a failure is logged once, not per pass). */
    private final Map<String, String> failing = new HashMap<>();

    AnnouncedRoutes(RouteListener listener) {
        this.listener = listener;
    }

    /**
     * A pass's routes for an app, without the backends of dynos that exited meanwhile; the listener
     * is called when they differ from what it was last told. Returns false when the listener
     * failed (then nothing may leave the route by being stopped this pass).
     */
    synchronized boolean tell(String app, List<Backend> backends, boolean booting) {
        List<Backend> alive = new ArrayList<>(new LinkedHashSet<>(backends));
        alive.removeAll(exited.values());
        return announce(app, new Told(List.copyOf(alive), booting));
    }

    /**
     * The runtime reported that a dyno ended: its backend leaves the app's route now. One-off and
     * non-web dynos, and dynos never routed, change nothing.
     */
    synchronized void exited(DynoHandle dyno) {
        if (dyno.oneOff() || dyno.endpoint() == null) {
            return;
        }
        Backend gone = Backend.of(dyno.name(), dyno.endpoint());
        exited.put(dyno.id(), gone);
        Told last = told.get(dyno.app());
        if (last != null && last.backends().contains(gone)) {
            List<Backend> rest = new ArrayList<>(last.backends());
            rest.remove(gone);
            log.info("reconciler: {} {} exited: out of the route at once", dyno.app(), dyno.name());
            announce(dyno.app(), new Told(List.copyOf(rest), last.booting()));
        }
    }

    /** A pass has brought the tracked dynos in line with the runtime: exits of dynos no longer tracked are settled. */
    synchronized void exitsSettled(Collection<String> trackedIds) {
        exited.keySet().retainAll(Set.copyOf(trackedIds));
    }

    /** Forgets what was told about apps other than these (a removed app starts afresh). */
    synchronized void forgetExcept(Set<String> apps) {
        told.keySet().removeIf(app -> !apps.contains(app));
        failing.keySet().removeIf(app -> !apps.contains(app));
    }

    private boolean announce(String app, Told next) {
        if (next.equals(told.get(app))) {
            return true;
        }
        try {
            listener.routesChanged(app, next.backends(), next.booting());
        } catch (RuntimeException e) {
            // Logged once per distinct failure: a pass every tick would otherwise repeat it.
            String why = e.toString();
            if (!why.equals(failing.put(app, why))) {
                log.warn("reconciler: {}: route listener failed, no dyno is stopped until it succeeds: {}", app, why, e);
            }
            return false;
        }
        told.put(app, next);
        if (failing.remove(app) != null) {
            log.info("reconciler: {}: route listener succeeds again", app);
        }
        return true;
    }

    /** What the route listener was last told about an app. */
    private record Told(List<Backend> backends, boolean booting) {
    }
}
