package paas.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Carries out one app's {@link Plan} in a pass: tells the {@link RouteListener} what changed
 * through {@link AnnouncedRoutes} (and stops nothing when that fails), starts stopping the dynos
 * the plan drops and starts the ones it adds, several at once, reporting each start.
 *
 * <p>Confined to the reconciler's passes.
 */
final class PlanActs {
    private static final Logger log = LoggerFactory.getLogger(PlanActs.class);

    private final Runtime runtime;
    private final AnnouncedRoutes routes;
    private final DynoEvents events;
    private final CrashHistory crashes;
    private final TrackedDynos tracked;
    private final LifecycleTimers timers;

    PlanActs(Runtime runtime, AnnouncedRoutes routes, DynoEvents events, CrashHistory crashes, TrackedDynos tracked,
             LifecycleTimers timers) {
        this.runtime = runtime;
        this.routes = routes;
        this.events = events;
        this.crashes = crashes;
        this.tracked = tracked;
        this.timers = timers;
    }

    /** Plans the app (null formation: an app no longer managed) and acts on the plan. */
    void act(String app, Formation f, Instant now) {
        Plan plan = Plan.compute(app, f, tracked.live(app), crashes.restartTimes(app), now);
        if (!routes.tell(app, plan.routes(), plan.webBooting())) {
            // Stopping old dynos while the router still sends them traffic would drop requests.
            plan = new Plan(app, plan.starts(), List.of(), plan.routes(), plan.webBooting());
        }
        if (plan.changesDynos()) {
            log.info("reconciler: {} v{}: start {}, stop {}", app, f == null ? "-" : f.release().version(),
                    plan.starts(), plan.stops().stream().map(s -> s.dyno() + " (" + s.reason() + ")").toList());
        }
        for (Plan.Stop s : plan.stops()) {
            TrackedDyno t = tracked.get(s.id());
            if (t != null && !t.stopping) {
                timers.stop(t, now);
            }
        }
        startAll(f, plan.starts(), now);
    }

    /**
     * Starts dynos of one app. Several go to the runtime at once (a scale to 10 waits for one
     * start, not ten in a row); what each start yields is then recorded one by one, on this pass's
     * thread, in name order.
     */
    private void startAll(Formation f, List<String> names, Instant now) {
        if (names.isEmpty()) {
            return;
        }
        Map<String, Future<DynoHandle>> started = new LinkedHashMap<>();
        try (var starts = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String name : names) {
                DynoSpec spec = specOf(f, name);
                started.put(name, starts.submit(() -> runtime.start(spec)));
            }
        }
        RuntimeUnavailableException unavailable = null;
        for (var e : started.entrySet()) {
            try {
                record(f, e.getKey(), e.getValue().get(), now);
            } catch (ExecutionException failed) {
                if (failed.getCause() instanceof RuntimeUnavailableException u) {
                    unavailable = u;
                } else {
                    startFailed(f, e.getKey(), failed.getCause(), now);
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
    }

    private static DynoSpec specOf(Formation f, String name) {
        ProcessFormation p = f.processes().get(Names.typeOf(name));
        return new DynoSpec(f.app(), f.release(), name, p.command(), f.release().config(), p.size(), false);
    }

    private void startFailed(Formation f, String name, Throwable e, Instant now) {
        log.warn("reconciler: {} {}: start failed: {}", f.app(), name, e.toString(), e);
        events.publish(new DynoEvent.StartFailed(f.app(), name, now, String.valueOf(e.getMessage())));
        crashes.crashed(f.app(), name, crashes.lastExitCode(f.app(), name), null, now);
    }

    private void record(Formation f, String name, DynoHandle h, Instant now) {
        DynoSpec spec = specOf(f, name);
        boolean afterCrash = crashes.restarted(f.app(), name);
        events.publish(new DynoEvent.Started(f.app(), name, now, spec.command(), afterCrash ? DynoState.CRASHED : null));
        TrackedDyno t = new TrackedDyno(h, DynoState.STARTING, now);
        t.bootDeadline = timers.bootDeadline(now);
        tracked.add(t);
        if (!spec.web()) {
            t.state = DynoState.UP;
            events.publish(new DynoEvent.Up(f.app(), name, now));
        }
    }
}
