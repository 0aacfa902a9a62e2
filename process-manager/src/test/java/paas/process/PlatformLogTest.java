package paas.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformLogTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void eventsReadAsHerokuLogLines() {
        List<String> lines = new ArrayList<>();
        DynoEventListener listener = PlatformLog.to((app, dyno, text) -> lines.add(app + " " + dyno + " " + text));
        listener.on(new DynoEvent.Started("shop", "web.1", T, "npm start", DynoState.CRASHED));
        listener.on(new DynoEvent.Up("shop", "web.1", T));
        listener.on(new DynoEvent.BootTimedOut("shop", "web.1", T, Duration.ofSeconds(60)));
        listener.on(new DynoEvent.Exited("shop", "web.1", T, 137));
        listener.on(new DynoEvent.Crashed("shop", "web.1", T, DynoState.STARTING, 137));
        listener.on(new DynoEvent.Stopping("shop", "worker.1", T));
        listener.on(new DynoEvent.Killed("shop", "worker.1", T, Duration.ofSeconds(30)));
        listener.on(new DynoEvent.Stopped("shop", "worker.1", T, DynoState.UP));
        listener.on(new DynoEvent.Completed("shop", "run.4312", T));
        assertThat(lines).containsExactly(
                "shop web.1 State changed from crashed to starting",
                "shop web.1 Starting process with command `npm start`",
                "shop web.1 State changed from starting to up",
                "shop web.1 Error R10 (Boot timeout) -> Web process failed to bind to $PORT within 60 seconds of launch",
                "shop web.1 Stopping process with SIGKILL",
                "shop web.1 Process exited with status 137",
                "shop web.1 State changed from starting to crashed",
                "shop worker.1 Stopping all processes with SIGTERM",
                "shop worker.1 Error R12 (Exit timeout) -> At least one process failed to exit within 30 seconds of SIGTERM",
                "shop worker.1 Stopping process with SIGKILL",
                "shop worker.1 State changed from up to down",
                "shop run.4312 State changed from up to complete");
    }
}
