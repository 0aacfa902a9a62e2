package paas.api.dynos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.AppName;
import paas.api.service.AppActivity;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.logs.Drain;
import paas.logs.LogLine;
import paas.logs.LogRouter;
import paas.logs.Source;
import paas.process.Formation;
import paas.process.Reconciler;
import paas.process.Runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings the running side of the platform (dynos, routes, drains) in line with the store. Told
 * about every committed change as an {@link AppListener}, it reads the app's whole state again and
 * hands it on: the formation of the live release to the {@link Reconciler}, hostnames and
 * maintenance to the {@link RouteBook}, drains to the {@link LogRouter}; a release waiting for its
 * release phase gets one. Every app is also read again on a timer, so a missed notice, or a change
 * made by another paasd on the same store, is caught up with.
 *
 * <p>Thread-safe. Reading the store happens on the caller's thread (API workers, after their
 * transaction) or on the resync thread.
 */
public final class DynoSupervisor implements AppListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DynoSupervisor.class);

    private final AppStateReader reader;
    private final ReleaseSpecs specs;
    private final Reconciler reconciler;
    private final Runtime runtime;
    private final RouteBook routes;
    private final LogRouter logs;
    private final ReleasePhases phases;
    private final Duration resyncEvery;
    /** Longest wait for a destroyed app's dynos to stop before its images are removed. */
    private static final Duration FORGET_WAIT = Duration.ofMinutes(2);
    private volatile ScheduledExecutorService resync;

    public DynoSupervisor(AppStateReader reader, ReleaseSpecs specs, Reconciler reconciler, Runtime runtime,
                          RouteBook routes, LogRouter logs, ReleasePhases phases, Duration resyncEvery) {
        this.reader = reader;
        this.specs = specs;
        this.reconciler = reconciler;
        this.runtime = runtime;
        this.routes = routes;
        this.logs = logs;
        this.phases = phases;
        this.resyncEvery = resyncEvery;
    }

    /**
     * Gives the reconciler every app's formation before its first pass (so running dynos are
     * adopted, not duplicated), runs that first pass on this thread and, when it succeeded, tells
     * the {@link RouteBook} it is synced; then starts the reconciler and the resync timer. When the
     * store or the runtime could not be read, each resync tries the first full sync again. Dynos of
     * apps the store does not know are left alone here: the reconciler never manages (nor routes)
     * them, and {@link paas.api.orphans.Orphans} reports them and removes them only after a grace
     * period.
     */
    public synchronized void start() {
        if (syncAll()) {
            firstPass();
        }
        reconciler.start();
        resync = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "app-resync");
            t.setDaemon(true);
            return t;
        });
        long every = resyncEvery.toMillis();
        resync.scheduleWithFixedDelay(() -> {
            if (syncAll() && !routes.synced()) {
                firstPass();
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * One reconciler pass after every app's formation was given: it adopts the running dynos and
     * tells the route book their backends. Only then may routers in other processes read the book:
     * before, it has the apps but not their dynos, and a router would drop every running app.
     */
    private void firstPass() {
        reconciler.reconcileNow();
        Optional<String> failed = reconciler.lastFailure();
        if (failed.isPresent()) {
            log.warn("routers keep their last routes for now: the first pass over the running dynos failed ({});"
                    + " trying again in {}", failed.get(), resyncEvery);
        } else {
            routes.markSynced();
        }
    }

    @Override
    public void on(AppEvent event) {
        switch (event) {
            case AppEvent.Destroyed destroyed -> destroyed(destroyed.app());
            case AppEvent.Renamed renamed -> {
                // Dynos carry the app's name (labels, DYNO hostnames, log lines): they start again under the new one.
                destroyed(renamed.from());
                sync(renamed.app());
            }
            default -> {
                for (String line : AppActivity.lines(event)) {
                    logs.publish(new LogLine(Instant.now(), event.app().value(), Source.PAAS, "api", line));
                }
                sync(event.app());
            }
        }
    }

    private void destroyed(AppName app) {
        forget(app);
        // Release images and the app's network go once its dynos have stopped (SIGTERM, grace, SIGKILL).
        Thread.ofVirtual().name("forget-" + app).start(() -> {
            long deadline = System.nanoTime() + FORGET_WAIT.toNanos();
            try {
                while (!reconciler.dynos(app.value()).isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                if (reader.load(app.value()).isEmpty()) { // not created again meanwhile
                    runtime.forgetApp(app.value());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("app {}: could not free its images: {}", app, e.toString());
            }
        });
    }

    private void forget(AppName app) {
        reconciler.removeApp(app.value());
        routes.remove(app.value());
        logs.removeApp(app.value());
    }

    /** Reads one app again and acts on what changed. Never throws: a failure is logged and the next resync retries. */
    public void sync(AppName app) {
        try {
            Optional<AppState> state = reader.load(app.value());
            if (state.isEmpty()) {
                forget(app);
                return;
            }
            apply(state.get());
        } catch (RuntimeException e) {
            log.warn("app {}: could not bring its dynos, routes and drains in line: {}", app, e.toString(), e);
        }
    }

    private void apply(AppState state) {
        String app = state.name().value();
        try {
            logs.setDrains(app, state.drains().stream().map(d -> new Drain(d.id().toString(), d.url(), d.token())).toList());
        } catch (RuntimeException e) {
            log.warn("app {}: drains not applied: {}", app, e.getMessage());
        }
        Optional<Formation> formation = specs.formation(state);
        if (formation.isPresent()) {
            reconciler.setFormation(formation.get());
        } else {
            if (state.live().isPresent()) {
                log.warn("app {}: the slug of v{} is missing from the slug store; no dyno can start until the next deploy",
                        app, state.live().get().release().version());
            }
            reconciler.removeApp(app);
        }
        routes.configure(app, new HashSet<>(state.customHostnames()), state.maintenance(),
                formation.map(f -> f.quantity("web") > 0).orElse(false), state.httpsOnly());
        state.pending().ifPresent(p -> startReleasePhase(state.name(), p));
    }

    private void startReleasePhase(AppName app, AppState.RunnableRelease pending) {
        Thread.ofVirtual().name("release-phase-" + app).start(() -> {
            try {
                phases.run(app.value(), pending, line -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("app {}: release phase of v{} failed: {}", app, pending.release().version(), e.toString(), e);
            }
            sync(app);
        });
    }

    /** Hands every app's state on; false when the store could not be read. */
    private boolean syncAll() {
        try {
            List<AppName> names = reader.appNames();
            for (AppName name : names) {
                sync(name);
            }
            return true;
        } catch (RuntimeException e) {
            log.warn("resync of all apps failed, retrying in {}: {}", resyncEvery, e.toString());
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (resync != null) {
            resync.shutdownNow();
        }
        reconciler.close();
    }
}
