package paas.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
 * enough within the grace period (R12), deploys web dynos without downtime, and reports every
 * change to a {@link DynoEventListener} and routing changes to a {@link RouteListener}.
 *
 * <p>Each pass reads the full running state from the runtime, computes a {@link Plan} per app
 * and carries it out. A pass never lets an exception escape: a runtime that cannot be reached
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
    private static final java.time.Duration BOOT_POLL = java.time.Duration.ofMillis(250);

    private final Runtime runtime;
    private final Clock clock;
    private final ReconcilerConfig config;
    private final Readiness readiness;
    private final RouteListener routes;
    private final DynoEventListener events;

    private final AtomicReference<Map<String, Formation>> desired = new AtomicReference<>(Map.of());
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Map<String, List<Dyno>>> snapshot = new AtomicReference<>(Map.of());
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final ReentrantLock passLock = new ReentrantLock();
    private volatile ScheduledExecutorService scheduler;
    private volatile AutoCloseable exitSubscription;

    // Confined to passes (guarded by passLock).
    private final Map<String, TrackedDyno> tracked = new HashMap<>();
    private final CrashHistory crashes;
    private final Map<String, Integer> releaseSeen = new HashMap<>();
    private final Map<String, ToldRoutes> toldRoutes = new HashMap<>();

    public Reconciler(Runtime runtime, Clock clock, ReconcilerConfig config, Readiness readiness,
                      RouteListener routes, DynoEventListener events) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.routes = Objects.requireNonNull(routes, "routes");
        this.events = Objects.requireNonNull(events, "events");
        this.crashes = new CrashHistory(config.backoff());
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
        exitSubscription = runtime.onExit(d -> requestPass());
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
     * {@code paas ps:restart [TYPE|DYNO]} and {@code paas ps:stop DYNO}: the matching dynos get
     * SIGTERM; formation dynos are started again at once (crash backoff is reset), one-off ones
     * are not.
     *
     * @param selector a process type ({@code web}), a dyno name ({@code web.2}), or null for all
     */
    public void restart(String app, String selector) {
        Names.app(app);
        if (selector != null && !selector.matches("[a-zA-Z0-9_-]{1,63}(\\.[1-9][0-9]{0,8})?")) {
            throw new IllegalArgumentException("'" + selector + "' is neither a process type nor a dyno name like web.1");
        }
        requests.add(new Request(app, selector));
        requestPass();
    }

    /**
     * Starts a detached one-off dyno ({@code paas run --detached}) on the calling thread; its
     * output goes to the runtime's {@link DynoOutput}. It is not restarted and is reported
     * {@code complete} when it exits.
     */
    public DynoHandle runDetached(OneOffSpec spec) {
        DynoHandle h = runtime.start(spec.toDynoSpec());
        publish(new DynoEvent.Started(h.app(), h.name(), clock.instant(), h.command(), null));
        publish(new DynoEvent.Up(h.app(), h.name(), clock.instant()));
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
            if (tracked.values().stream().anyMatch(t -> t.state == DynoState.STARTING && !t.stopping)) {
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

    private void requestPassIn(java.time.Duration delay) {
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
        sync(listed, want, now);
        applyRequests(now);
        checkStarting(now);
        checkStopping(now);
        Set<String> apps = new HashSet<>(want.keySet());
        tracked.values().forEach(t -> apps.add(t.handle.app()));
        for (String app : apps) {
            try {
                act(app, want.get(app), now);
            } catch (RuntimeUnavailableException e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("reconciler: app {}: {}", app, e.toString(), e);
            }
        }
        toldRoutes.keySet().removeIf(app -> !apps.contains(app));
        releaseSeen.keySet().removeIf(app -> !want.containsKey(app));
        crashes.forget((app, dyno) -> !want.containsKey(app) || Names.indexOf(dyno) > want.get(app).quantity(Names.typeOf(dyno)));
        snapshot.set(DynoTable.build(want, tracked.values().stream()
                .map(t -> t.row(crashes.lastExitCode(t.handle.app(), t.handle.name()))).toList(), crashes.view()));
    }

    /** Brings the tracked set in line with what the runtime lists: adopts, notices exits. */
    private void sync(List<DynoHandle> listed, Map<String, Formation> want, Instant now) {
        Set<String> seen = new HashSet<>();
        for (DynoHandle h : listed) {
            seen.add(h.id());
            TrackedDyno t = tracked.get(h.id());
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
                t.bootDeadline = now.plus(config.bootTimeout());
                if (readiness.ready(h)) {
                    t.state = DynoState.UP;
                }
                tracked.put(h.id(), t);
                log.info("reconciler: adopted {} {} v{} ({}, {})", h.app(), h.name(), h.release(), h.id(), t.state.word());
                continue;
            }
            t.handle = h;
            if (!h.running()) {
                exited(t, h.exitCode(), now);
            }
        }
        for (TrackedDyno t : List.copyOf(tracked.values())) {
            if (!seen.contains(t.handle.id())) {
                log.warn("reconciler: {} {} ({}) vanished from the runtime", t.handle.app(), t.handle.name(), t.handle.id());
                exited(t, null, now);
            }
        }
    }

    private void exited(TrackedDyno t, Integer code, Instant now) {
        DynoHandle h = t.handle;
        tracked.remove(h.id());
        removeQuietly(h.id());
        if (code != null) {
            publish(new DynoEvent.Exited(h.app(), h.name(), now, code));
        }
        if (h.oneOff()) {
            publish(new DynoEvent.Completed(h.app(), h.name(), now));
            return;
        }
        if (t.stopping && !t.bootTimedOut) {
            publish(new DynoEvent.Stopped(h.app(), h.name(), now, t.state));
            return;
        }
        publish(new DynoEvent.Crashed(h.app(), h.name(), now, t.state, code));
        Formation f = desired.get().get(h.app());
        if (f != null && f.release().version() == h.release()) {
            recordCrash(h.app(), h.name(), code, h.startedAt(), now);
        }
    }

    private void recordCrash(String app, String dyno, Integer code, Instant startedAt, Instant now) {
        CrashHistory.Entry c = crashes.crashed(app, dyno, code, startedAt, now);
        log.info("reconciler: {} {} crashed ({} in a row, exit {}); restart at {}", app, dyno, c.count, code, c.restartAt);
    }

    private void applyRequests(Instant now) {
        Request r;
        while ((r = requests.poll()) != null) {
            Request req = r;
            crashes.forget((app, dyno) -> app.equals(req.app()) && req.matches(dyno));
            for (TrackedDyno t : List.copyOf(tracked.values())) {
                if (t.handle.app().equals(req.app()) && req.matches(t.handle.name()) && !t.stopping) {
                    stop(t, now);
                }
            }
        }
    }

    private void checkStarting(Instant now) {
        for (TrackedDyno t : List.copyOf(tracked.values())) {
            if (t.state != DynoState.STARTING || t.stopping) {
                continue;
            }
            DynoHandle h = t.handle;
            if (readiness.ready(h)) {
                t.state = DynoState.UP;
                t.since = now;
                publish(new DynoEvent.Up(h.app(), h.name(), now));
            } else if (!now.isBefore(t.bootDeadline)) {
                publish(new DynoEvent.BootTimedOut(h.app(), h.name(), now, config.bootTimeout()));
                t.stopping = true;
                t.termSent = true;
                t.bootTimedOut = true;
                t.killSent = true;
                runtime.signal(h.id(), Signal.KILL);
            }
        }
    }

    private void checkStopping(Instant now) {
        for (TrackedDyno t : tracked.values()) {
            if (t.stopping && !t.termSent && !now.isBefore(t.termAt)) {
                sendTerm(t, now);
            }
            if (t.stopping && t.termSent && !t.killSent && !now.isBefore(t.killAt)) {
                publish(new DynoEvent.Killed(t.handle.app(), t.handle.name(), now, config.stopGrace()));
                t.killSent = true;
                runtime.signal(t.handle.id(), Signal.KILL);
            }
        }
    }

    private void act(String app, Formation f, Instant now) {
        List<Plan.Live> live = new ArrayList<>();
        for (TrackedDyno t : tracked.values()) {
            if (t.handle.app().equals(app)) {
                live.add(t.live());
            }
        }
        Plan plan = Plan.compute(app, f, live, crashes.restartTimes(app), now);
        // The first pass for an app tells its full set (a snapshot), later ones only changes.
        ToldRoutes next = new ToldRoutes(plan.routes(), plan.webBooting());
        if (!next.equals(toldRoutes.get(app))) {
            try {
                routes.routesChanged(app, plan.routes(), plan.webBooting());
                toldRoutes.put(app, next);
            } catch (RuntimeException e) {
                // Stopping old dynos while the router still sends them traffic would drop requests.
                log.warn("reconciler: {}: route listener failed, no dyno is stopped this pass: {}", app, e.toString(), e);
                plan = new Plan(app, plan.starts(), List.of(), plan.routes(), plan.webBooting());
            }
        }
        if (plan.changesDynos()) {
            log.info("reconciler: {} v{}: start {}, stop {}", app, f == null ? "-" : f.release().version(),
                    plan.starts(), plan.stops().stream().map(s -> s.dyno() + " (" + s.reason() + ")").toList());
        }
        for (Plan.Stop s : plan.stops()) {
            TrackedDyno t = tracked.get(s.id());
            if (t != null && !t.stopping) {
                stop(t, now);
            }
        }
        startAll(f, plan.starts(), now);
    }

    private void stop(TrackedDyno t, Instant now) {
        t.stopping = true;
        // A routed web dyno may still be answering requests the router sent it just before the
        // route change: it gets SIGTERM only once those had time to finish.
        boolean routed = !t.handle.oneOff() && t.handle.endpoint() != null && t.state == DynoState.UP;
        java.time.Duration drain = routed ? config.routeDrain() : java.time.Duration.ZERO;
        t.termAt = now.plus(drain);
        t.killAt = t.termAt.plus(config.stopGrace());
        if (drain.isZero()) {
            sendTerm(t, now);
        } else {
            requestPassIn(drain);
        }
    }

    private void sendTerm(TrackedDyno t, Instant now) {
        t.termSent = true;
        publish(new DynoEvent.Stopping(t.handle.app(), t.handle.name(), now));
        runtime.signal(t.handle.id(), Signal.TERM);
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
        Map<String, java.util.concurrent.Future<DynoHandle>> started = new java.util.LinkedHashMap<>();
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
            } catch (java.util.concurrent.ExecutionException failed) {
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

    private DynoSpec specOf(Formation f, String name) {
        ProcessFormation p = f.processes().get(Names.typeOf(name));
        return new DynoSpec(f.app(), f.release(), name, p.command(), f.release().config(), p.size(), false);
    }

    private void startFailed(Formation f, String name, Throwable e, Instant now) {
        log.warn("reconciler: {} {}: start failed: {}", f.app(), name, e.toString(), e);
        publish(new DynoEvent.StartFailed(f.app(), name, now, String.valueOf(e.getMessage())));
        recordCrash(f.app(), name, crashes.lastExitCode(f.app(), name), null, now);
    }

    private void record(Formation f, String name, DynoHandle h, Instant now) {
        DynoSpec spec = specOf(f, name);
        boolean afterCrash = crashes.restarted(f.app(), name);
        publish(new DynoEvent.Started(f.app(), name, now, spec.command(), afterCrash ? DynoState.CRASHED : null));
        TrackedDyno t = new TrackedDyno(h, DynoState.STARTING, now);
        t.bootDeadline = now.plus(config.bootTimeout());
        tracked.put(h.id(), t);
        if (!spec.web()) {
            t.state = DynoState.UP;
            publish(new DynoEvent.Up(f.app(), name, now));
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

    private void publish(DynoEvent e) {
        try {
            events.on(e);
        } catch (RuntimeException ex) {
            log.warn("reconciler: event listener failed on {}: {}", e, ex.toString(), ex);
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

    private record Request(String app, String selector) {
        boolean matches(String dyno) {
            return selector == null || selector.equals(dyno) || selector.equals(Names.typeOf(dyno));
        }
    }

    /** What the route listener was last told about an app. */
    private record ToldRoutes(List<Backend> backends, boolean booting) {
    }
}
