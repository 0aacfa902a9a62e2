package paas.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * The deadlines in a dyno's life, each compared with the pass's clock (never slept on): a web
 * dyno that does not answer on PORT within the boot timeout gets SIGKILL (R10); a dyno that is
 * stopped gets SIGTERM (a routed web dyno only after the route drain) and SIGKILL once the stop
 * grace has passed since (R12). Crash restarts wait in {@link CrashHistory} instead.
 *
 * <p>Confined to the reconciler's passes.
 */
final class LifecycleTimers {
    private final Runtime runtime;
    private final ReconcilerConfig config;
    private final Readiness readiness;
    private final DynoEvents events;
    private final Consumer<Duration> passIn;

    /** @param passIn asks for a pass after a delay (when a deadline falls between ticks) */
    LifecycleTimers(Runtime runtime, ReconcilerConfig config, Readiness readiness, DynoEvents events,
                    Consumer<Duration> passIn) {
        this.runtime = runtime;
        this.config = config;
        this.readiness = readiness;
        this.events = events;
        this.passIn = passIn;
    }

    /** When a dyno that starts now must answer by. */
    Instant bootDeadline(Instant now) {
        return now.plus(config.bootTimeout());
    }

    /** Booting dynos that answer are up; those past their boot deadline are killed (R10). */
    void checkStarting(Collection<TrackedDyno> dynos, Instant now) {
        for (TrackedDyno t : dynos) {
            if (t.state != DynoState.STARTING || t.stopping) {
                continue;
            }
            DynoHandle h = t.handle;
            if (readiness.ready(h)) {
                t.state = DynoState.UP;
                t.since = now;
                events.publish(new DynoEvent.Up(h.app(), h.name(), now));
            } else if (!now.isBefore(t.bootDeadline)) {
                events.publish(new DynoEvent.BootTimedOut(h.app(), h.name(), now, config.bootTimeout()));
                t.stopping = true;
                t.termSent = true;
                t.bootTimedOut = true;
                t.killSent = true;
                runtime.signal(h.id(), Signal.KILL);
            }
        }
    }

    /** Stopping dynos whose drain ended get SIGTERM; those past the stop grace, SIGKILL (R12). */
    void checkStopping(Collection<TrackedDyno> dynos, Instant now) {
        for (TrackedDyno t : dynos) {
            if (t.stopping && !t.termSent && !now.isBefore(t.termAt)) {
                sendTerm(t, now);
            }
            if (t.stopping && t.termSent && !t.killSent && !now.isBefore(t.killAt)) {
                events.publish(new DynoEvent.Killed(t.handle.app(), t.handle.name(), now, config.stopGrace()));
                t.killSent = true;
                runtime.signal(t.handle.id(), Signal.KILL);
            }
        }
    }

    /** Starts stopping a dyno: SIGTERM now, or after the route drain for a routed web dyno. */
    void stop(TrackedDyno t, Instant now) {
        t.stopping = true;
        // A routed web dyno may still be answering requests the router sent it just before the
        // route change: it gets SIGTERM only once those had time to finish.
        boolean routed = !t.handle.oneOff() && t.handle.endpoint() != null && t.state == DynoState.UP;
        Duration drain = routed ? config.routeDrain() : Duration.ZERO;
        t.termAt = now.plus(drain);
        t.killAt = t.termAt.plus(config.stopGrace());
        if (drain.isZero()) {
            sendTerm(t, now);
        } else {
            passIn.accept(drain);
        }
    }

    private void sendTerm(TrackedDyno t, Instant now) {
        t.termSent = true;
        events.publish(new DynoEvent.Stopping(t.handle.app(), t.handle.name(), now));
        runtime.signal(t.handle.id(), Signal.TERM);
    }
}
