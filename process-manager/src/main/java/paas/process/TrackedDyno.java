package paas.process;

import java.time.Instant;

/** What the reconciler knows about one dyno the runtime runs. Confined to passes. */
final class TrackedDyno {
    DynoHandle handle;
    DynoState state;
    Instant since;
    Instant bootDeadline;
    Instant killAt;
    /** When SIGTERM goes out: later than the stop for a web dyno that still finishes routed requests. */
    Instant termAt;
    boolean termSent;
    boolean stopping;
    boolean killSent;
    boolean bootTimedOut;
    /** {@code ps:restart} asked for a new dyno in its place (see {@link Plan.Live#replaced()}). */
    boolean replaced;

    TrackedDyno(DynoHandle handle, DynoState state, Instant since) {
        this.handle = handle;
        this.state = state;
        this.since = since;
    }

    /** Its {@code paas ps} row; a dyno that was sent SIGTERM shows as down. */
    Dyno row(Integer lastCrashExitCode) {
        DynoState shown = stopping ? DynoState.DOWN : state;
        return new Dyno(handle.app(), handle.name(), handle.release(), handle.command(), handle.size(), shown, since,
                lastCrashExitCode, handle.endpoint(), handle.id(), handle.oneOff());
    }

    /** How the planner sees it. A boot-timed-out dyno holds its slot until its exit is counted as a crash. */
    Plan.Live live() {
        return new Plan.Live(handle.id(), handle.name(), handle.release(), state == DynoState.UP, stopping && !bootTimedOut,
                handle.oneOff(), handle.startedAt(), handle.endpoint(), replaced);
    }
}
