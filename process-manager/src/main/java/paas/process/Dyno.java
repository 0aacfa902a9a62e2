package paas.process;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code paas ps}: a dyno the reconciler runs, or a formation slot whose dyno crashed
 * and waits for its restart.
 *
 * @param app      the app
 * @param name     {@code web.1}
 * @param release  release version it runs (or ran, when crashed)
 * @param command  its command
 * @param size     size name
 * @param state    starting, up, crashed (no process until the restart) or down (stopping)
 * @param since    when it entered that state
 * @param exitCode exit status of the slot's last crash, null when it has not crashed
 * @param endpoint where the router reaches it (web dynos that run, else null)
 * @param id       the runtime's id, null for a crashed slot
 * @param oneOff   a one-off dyno ({@code run.N})
 */
public record Dyno(String app, String name, int release, String command, String size, DynoState state,
                   Instant since, Integer exitCode, Endpoint endpoint, String id, boolean oneOff) {
    public Dyno {
        Names.app(app);
        Names.dyno(name);
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    public String type() {
        return Names.typeOf(name);
    }
}
