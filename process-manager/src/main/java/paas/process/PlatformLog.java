package paas.process;

import java.time.Duration;
import java.util.List;

/**
 * The app log lines (source {@code paas}, the event's dyno) for each dyno event, in the words
 * Heroku users know from {@code heroku logs}.
 */
public final class PlatformLog {
    private PlatformLog() {
    }

    /** Where platform log lines go: the app's log stream, source {@code paas}, this dyno. */
    @FunctionalInterface
    public interface Sink {
        void line(String app, String dyno, String text);
    }

    /** A listener that writes each event's lines to {@code sink}, in order. */
    public static DynoEventListener to(Sink sink) {
        return event -> lines(event).forEach(text -> sink.line(event.app(), event.dyno(), text));
    }

    public static List<String> lines(DynoEvent event) {
        return switch (event) {
            case DynoEvent.Started s -> s.from() == null
                    ? List.of("Starting process with command `" + s.command() + "`")
                    : List.of("State changed from " + s.from().word() + " to starting",
                            "Starting process with command `" + s.command() + "`");
            case DynoEvent.Up u -> List.of("State changed from starting to up");
            case DynoEvent.Exited e -> List.of("Process exited with status " + e.exitCode());
            case DynoEvent.Crashed c -> List.of("State changed from " + c.from().word() + " to crashed");
            case DynoEvent.Stopping s -> List.of("Stopping all processes with SIGTERM");
            case DynoEvent.Killed k -> List.of(
                    "Error R12 (Exit timeout) -> At least one process failed to exit within "
                            + seconds(k.grace()) + " seconds of SIGTERM",
                    "Stopping process with SIGKILL");
            case DynoEvent.BootTimedOut b -> List.of(
                    "Error R10 (Boot timeout) -> Web process failed to bind to $PORT within "
                            + seconds(b.timeout()) + " seconds of launch",
                    "Stopping process with SIGKILL");
            case DynoEvent.Stopped s -> List.of("State changed from " + s.from().word() + " to down");
            case DynoEvent.Completed c -> List.of("State changed from up to complete");
            case DynoEvent.StartFailed f -> List.of("Error starting process: " + f.reason());
        };
    }

    private static String seconds(Duration d) {
        // Sub-second graces only occur in tests; show them rather than "0 seconds".
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }
}
