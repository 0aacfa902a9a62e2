package paas.process;

import java.time.Duration;
import java.time.Instant;

/**
 * A change in a dyno's life, as the reconciler sees it. Handled with exhaustive switches (see
 * {@link PlatformLog}); each event names its app and dyno and when it happened.
 */
public sealed interface DynoEvent {
    String app();

    String dyno();

    Instant at();

    /** A process was started; {@code from} is CRASHED for a restart after a crash, else null. */
    record Started(String app, String dyno, Instant at, String command, DynoState from) implements DynoEvent {
    }

    /** A web dyno answers on its port, or a non-web dyno runs. */
    record Up(String app, String dyno, Instant at) implements DynoEvent {
    }

    /** The dyno's process exited with this status (128+N after signal N). */
    record Exited(String app, String dyno, Instant at, int exitCode) implements DynoEvent {
    }

    /** The dyno ended without being asked to; exitCode is null when the runtime lost it without a status. */
    record Crashed(String app, String dyno, Instant at, DynoState from, Integer exitCode) implements DynoEvent {
    }

    /** SIGTERM was sent (scale down, new release, restart, stop). */
    record Stopping(String app, String dyno, Instant at) implements DynoEvent {
    }

    /** R12: the dyno outlived its grace period after SIGTERM and was sent SIGKILL. */
    record Killed(String app, String dyno, Instant at, Duration grace) implements DynoEvent {
    }

    /** R10: a web dyno did not answer on its port within the boot timeout and was sent SIGKILL. */
    record BootTimedOut(String app, String dyno, Instant at, Duration timeout) implements DynoEvent {
    }

    /** A dyno that was asked to stop has exited. */
    record Stopped(String app, String dyno, Instant at, DynoState from) implements DynoEvent {
    }

    /** A one-off dyno's command finished. */
    record Completed(String app, String dyno, Instant at) implements DynoEvent {
    }

    /** The runtime refused to start the dyno; counted as a crash for backoff. */
    record StartFailed(String app, String dyno, Instant at, String reason) implements DynoEvent {
    }
}
