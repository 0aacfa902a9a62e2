package paas.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The dynos the reconciler looks after, kept in line with what the runtime lists: running dynos
 * of known apps are adopted as they run, and every exit (also one nobody watched) is reported,
 * counted as a crash when nobody asked for it, and the exited dyno removed from the runtime.
 *
 * <p>Confined to the reconciler's passes.
 */
final class TrackedDynos {
    private static final Logger log = LoggerFactory.getLogger(TrackedDynos.class);

    private final Runtime runtime;
    private final Readiness readiness;
    private final DynoEvents events;
    private final CrashHistory crashes;
    private final LifecycleTimers timers;
    private final Supplier<Map<String, Formation>> desired;
    private final Map<String, TrackedDyno> byId = new HashMap<>();

    /** @param desired the formations as they are now (a crash counts only for the current release) */
    TrackedDynos(Runtime runtime, Readiness readiness, DynoEvents events, CrashHistory crashes, LifecycleTimers timers,
                 Supplier<Map<String, Formation>> desired) {
        this.runtime = runtime;
        this.readiness = readiness;
        this.events = events;
        this.crashes = crashes;
        this.timers = timers;
        this.desired = desired;
    }

    /** Brings the tracked set in line with what the runtime lists: adopts, notices exits. */
    void sync(List<DynoHandle> listed, Map<String, Formation> want, Instant now) {
        Set<String> seen = new HashSet<>();
        for (DynoHandle h : listed) {
            seen.add(h.id());
            TrackedDyno t = byId.get(h.id());
            if (t == null) {
                if (!want.containsKey(h.app())) {
                    continue; // not ours to manage (another platform, or an app not given yet)
                }
                if (!h.running()) {
                    // It ended while nobody watched (platform down, or a one-off faster than a pass).
                    log.info("reconciler: {} {} exited ({}) before it was adopted", h.app(), h.name(), h.exitCode());
                    exited(new TrackedDyno(h, DynoState.UP, h.startedAt()), h.exitCode(), now);
                    continue;
                }
                t = new TrackedDyno(h, DynoState.STARTING, h.startedAt());
                t.bootDeadline = timers.bootDeadline(now);
                if (readiness.ready(h)) {
                    t.state = DynoState.UP;
                }
                byId.put(h.id(), t);
                log.info("reconciler: adopted {} {} v{} ({}, {})", h.app(), h.name(), h.release(), h.id(), t.state.word());
                continue;
            }
            t.handle = h;
            if (!h.running()) {
                exited(t, h.exitCode(), now);
            }
        }
        for (TrackedDyno t : all()) {
            if (!seen.contains(t.handle.id())) {
                log.warn("reconciler: {} {} ({}) vanished from the runtime", t.handle.app(), t.handle.name(), t.handle.id());
                exited(t, null, now);
            }
        }
    }

    /** Tracks a dyno this pass started. */
    void add(TrackedDyno t) {
        byId.put(t.handle.id(), t);
    }

    /** The tracked dyno with this runtime id, or null. */
    TrackedDyno get(String id) {
        return byId.get(id);
    }

    /** Every tracked dyno (a copy: callers may stop or add dynos meanwhile). */
    List<TrackedDyno> all() {
        return List.copyOf(byId.values());
    }

    /** How the planner sees the app's dynos. */
    List<Plan.Live> live(String app) {
        return byId.values().stream().filter(t -> t.handle.app().equals(app)).map(TrackedDyno::live).toList();
    }

    /** Whether a dyno still boots (and was not given up on). */
    boolean anyBooting() {
        return byId.values().stream().anyMatch(t -> t.state == DynoState.STARTING && !t.stopping);
    }

    private void exited(TrackedDyno t, Integer code, Instant now) {
        DynoHandle h = t.handle;
        byId.remove(h.id());
        removeQuietly(h.id());
        if (code != null) {
            events.publish(new DynoEvent.Exited(h.app(), h.name(), now, code));
        }
        if (h.oneOff()) {
            events.publish(new DynoEvent.Completed(h.app(), h.name(), now));
            return;
        }
        if (t.stopping && !t.bootTimedOut) {
            events.publish(new DynoEvent.Stopped(h.app(), h.name(), now, t.state));
            return;
        }
        events.publish(new DynoEvent.Crashed(h.app(), h.name(), now, t.state, code));
        Formation f = desired.get().get(h.app());
        // A dyno a restart replaces has its successor already: its end says nothing of that one.
        if (f != null && f.release().version() == h.release() && !t.replaced) {
            crashes.crashed(h.app(), h.name(), code, h.startedAt(), now);
        }
    }

    private void removeQuietly(String id) {
        try {
            runtime.remove(id);
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("reconciler: removing dyno {} failed: {}", id, e.toString());
        }
    }
}
