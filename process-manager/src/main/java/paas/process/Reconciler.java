package paas.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes the dynos a {@link Runtime} runs equal the {@link Formation} of each app's current
 * release, and keeps them so: restarts crashed dynos with {@link Backoff}, kills web dynos that
 * do not answer on PORT within the boot timeout (R10), sends SIGKILL when SIGTERM was not
 * enough within the grace period (R12), deploys and restarts web dynos without downtime, and
 * reports every change to a {@link DynoEventListener} and routing changes to a {@link RouteListener}
 * (an exit the runtime reports, at once: see {@link AnnouncedRoutes}).
 *
 * <p>Each pass reads the full running state from the runtime ({@link TrackedDynos}: adoptions,
 * exits, crashes counted in {@link CrashHistory}), checks the boot and stop deadlines
 * ({@link LifecycleTimers}), computes a {@link Plan} per app and carries it out
 * ({@link PlanActs}). A pass never lets an exception escape: a runtime that cannot be reached
 * is reported (once, and again when it is back) and the next pass tries again. Passes run on
 * one thread created by {@link #start()}, every {@link ReconcilerConfig#tick()} and as soon as a
 * dyno exits or a formation changes; tests call {@link #reconcileNow()} instead, with their own
 * {@link Clock}: no pass depends on a sleep, every deadline is compared with the clock.
 *
 * <p>Only apps given with {@link #setFormation} are touched: dynos of other apps on a shared
 * engine are left alone, and after a restart of the platform the dynos of known apps are
 * adopted as they run (no restart, no duplicates). Give every app that has a release a
 * formation (all quantities 0 is fine) so that its one-off dynos are tracked too.
 *
 * <p>Thread-safety: every public method may be called from any thread; passes are serialized.
 * {@link #close()} ends the pass thread only: the runtime, and the dynos, belong to the caller.
 */
public final class Reconciler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** How soon a pass looks again while dynos are booting. */
    private static final Duration BOOT_POLL = Duration.ofMillis(250);

    private final Runtime runtime;
    private final Clock clock;
    private final ReconcilerConfig config;
    private final DynoEvents events;

    private final AtomicReference<Map<String, Formation>> desired = new AtomicReference<>(Map.of());
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Map<String, List<Dyno>>> snapshot = new AtomicReference<>(Map.of());
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final ReentrantLock passLock = new ReentrantLock();
    private volatile ScheduledExecutorService scheduler;
    private volatile AutoCloseable exitSubscription;

    // Confined to passes (guarded by passLock).
    private final CrashHistory crashes;
    private final LifecycleTimers timers;
    private final TrackedDynos tracked;
    private final PlanActs acts;
    private final AnnouncedRoutes routes;
    private final Map<String, Integer> releaseSeen = new HashMap<>();

    public Reconciler(Runtime runtime, Clock clock, ReconcilerConfig config, Readiness readiness,
                      RouteListener routes, DynoEventListener events) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(readiness, "readiness");
        this.routes = new AnnouncedRoutes(Objects.requireNonNull(routes, "routes"));
        this.events = new DynoEvents(Objects.requireNonNull(events, "events"));
        this.crashes = new CrashHistory(config.backoff());
        this.timers = new LifecycleTimers(runtime, config, readiness, this.events, this::requestPassIn);
        this.tracked = new TrackedDynos(runtime, readiness, this.events, crashes, timers, desired::get);
        this.acts = new PlanActs(runtime, this.routes, this.events, crashes, tracked, timers);
    }

    /** Starts the pass thread: a pass now, then every tick and after each dyno exit. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("reconciler already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reconciler");
            t.setDaemon(true);
            return t;
        });
        exitSubscription = runtime.onExit(d -> {
            // The router hears of it now, on the runtime's thread: a pass may be busy for seconds.
            routes.exited(d);
            requestPass();
        });
        long tick = config.tick().toMillis();
        scheduler.scheduleWithFixedDelay(this::reconcileNow, 0, tick, TimeUnit.MILLISECONDS);
    }

    /** Sets the desired state of one app (a deploy, a scale, a config change) and asks for a pass. */
    public void setFormation(Formation formation) {
        Objects.requireNonNull(formation, "formation");
        desired.updateAndGet(m -> with(m, formation.app(), formation));
        requestPass();
    }

    /** Stops managing an app: its dynos, one-off ones included, are stopped. */
    public void removeApp(String app) {
        Names.app(app);
        desired.updateAndGet(m -> with(m, app, null));
        requestPass();
    }

    /**
     * {@code paas ps:restart [TYPE|DYNO]}: the matching dynos are replaced, as a new release
     * replaces them, with their crash backoff reset. A web dyno that is up keeps its traffic until
     * its replacement and every other new web dyno answer; then it leaves the route and gets
     * SIGTERM (after the route drain). Every other matching dyno (workers, a web dyno still
     * booting) gets SIGTERM at once and its replacement starts in the same pass; one-off dynos are
     * stopped and not started again.
     *
     * @param selector a process type ({@code web}), a dyno name ({@code web.2}), or null for all
     */
    public void restart(String app, String selector) {
        request(app, selector, true);
    }

    /**
     * {@code paas ps:stop [TYPE|DYNO]}: the matching dynos get SIGTERM now (after the route drain
     * for a routed web dyno); as on Heroku, formation dynos are started again at once (crash
     * backoff is reset), one-off ones are not.
     *
     * @param selector a process type ({@code web}), a dyno name ({@code web.2}), or null for all
     */
    public void stop(String app, String selector) {
        request(app, selector, false);
    }

    private void request(String app, String selector, boolean replace) {
        Names.app(app);
        if (selector != null && !selector.matches("[a-zA-Z0-9_-]{1,63}(\\.[1-9][0-9]{0,8})?")) {
            throw new IllegalArgumentException("'" + selector + "' is neither a process type nor a dyno name like web.1");
        }
        requests.add(new Request(app, selector, replace));
        requestPass();
    }

    /**
     * Starts a detached one-off dyno ({@code paas run --detached}) on the calling thread; its
     * output goes to the runtime's {@link DynoOutput}. It is not restarted and is reported
     * {@code complete} when it exits.
     */
    public DynoHandle runDetached(OneOffSpec spec) {
        DynoHandle h = runtime.start(spec.toDynoSpec());
        events.publish(new DynoEvent.Started(h.app(), h.name(), clock.instant(), h.command(), null));
        events.publish(new DynoEvent.Up(h.app(), h.name(), clock.instant()));
        requestPass();
        return h;
    }

    /** {@code paas ps}: the app's dynos as of the last pass, sorted by name. */
    public List<Dyno> dynos(String app) {
        return snapshot.get().getOrDefault(app, List.of());
    }

    /** Why the last pass failed (the runtime could not be reached, ...), empty when it succeeded. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(failure.get());
    }

    /** Runs one pass on the calling thread (waiting for a running one to end). Never throws. */
    public void reconcileNow() {
        passLock.lock();
        try {
            pass();
            if (tracked.anyBooting()) {
                // Web dynos answer within a second or two: look again soon rather than a tick later.
                requestPassIn(BOOT_POLL);
            }
            String was = failure.getAndSet(null);
            if (was != null) {
                log.info("reconciler: passes succeed again (last failure: {})", was);
            }
        } catch (RuntimeException | Error e) {
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!message.equals(failure.getAndSet(message))) {
                if (e instanceof RuntimeUnavailableException) {
                    // An engine that does not answer is a state, not a bug: its message says what to do.
                    log.warn("reconciler: pass failed, retrying every {}: {}", config.tick(), message);
                } else {
                    log.warn("reconciler: pass failed, retrying every {}: {}", config.tick(), message, e);
                }
            }
        } finally {
            passLock.unlock();
        }
    }

    @Override
    public synchronized void close() {
        if (exitSubscription != null) {
            try {
                exitSubscription.close();
            } catch (Exception e) {
                log.debug("closing exit subscription", e);
            }
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void requestPassIn(Duration delay) {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            try {
                s.schedule(this::requestPass, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed
            }
        }
    }

    private void requestPass() {
        ScheduledExecutorService s = scheduler;
        if (s != null && passQueued.compareAndSet(false, true)) {
            try {
                s.execute(() -> {
                    passQueued.set(false);
                    reconcileNow();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                passQueued.set(false); // closed
            }
        }
    }

    private void pass() {
        Instant now = clock.instant();
        Map<String, Formation> want = desired.get();
        List<DynoHandle> listed = runtime.list();
        want.forEach((app, f) -> {
            Integer seen = releaseSeen.put(app, f.release().version());
            if (seen != null && seen != f.release().version()) {
                crashes.forget((a, dyno) -> a.equals(app));
            }
        });
        tracked.sync(listed, want, now);
        routes.exitsSettled(tracked.all().stream().map(t -> t.handle.id()).toList());
        applyRequests(now);
        timers.checkStarting(tracked.all(), now);
        timers.checkStopping(tracked.all(), now);
        Set<String> apps = new HashSet<>(want.keySet());
        tracked.all().forEach(t -> apps.add(t.handle.app()));
        for (String app : apps) {
            try {
                acts.act(app, want.get(app), now);
            } catch (RuntimeUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("reconciler: app {}: {}", app, e.toString(), e);
            }
        }
        routes.forgetExcept(apps);
        releaseSeen.keySet().removeIf(app -> !want.containsKey(app));
        crashes.forget((app, dyno) -> !want.containsKey(app) || Names.indexOf(dyno) > want.get(app).quantity(Names.typeOf(dyno)));
        snapshot.set(DynoTable.build(want, tracked.all().stream()
                .map(t -> t.row(crashes.lastExitCode(t.handle.app(), t.handle.name()))).toList(), crashes.view()));
    }

    private void applyRequests(Instant now) {
        Request r;
        while ((r = requests.poll()) != null) {
            Request req = r;
            crashes.forget((app, dyno) -> app.equals(req.app()) && req.matches(dyno));
            for (TrackedDyno t : tracked.all()) {
                if (!t.handle.app().equals(req.app()) || !req.matches(t.handle.name()) || t.stopping) {
                    continue;
                }
                boolean routed = !t.handle.oneOff() && t.handle.type().equals("web") && t.state == DynoState.UP;
                if (req.replace() && routed) {
                    // The plan replaces it as it replaces a dyno of an older release: surge first.
                    t.replaced = true;
                } else {
                    timers.stop(t, now);
                }
            }
        }
    }

    private static Map<String, Formation> with(Map<String, Formation> m, String app, Formation f) {
        Map<String, Formation> copy = new HashMap<>(m);
        if (f == null) {
            copy.remove(app);
        } else {
            copy.put(app, f);
        }
        return Map.copyOf(copy);
    }

    /** A restart ({@code replace}) or a stop of the dynos a selector matches. */
    private record Request(String app, String selector, boolean replace) {
        boolean matches(String dyno) {
            return selector == null || selector.equals(dyno) || selector.equals(Names.typeOf(dyno));
        }
    }
}
