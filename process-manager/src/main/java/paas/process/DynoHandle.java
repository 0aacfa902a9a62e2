package paas.process;

import java.time.Instant;
import java.util.Objects;

/**
 * A dyno as a runtime sees it: one process tree or container, running or exited but not yet
 * removed. Built from what the runtime recorded at start (labels, for containers), so a runtime
 * restarted later lists the same dynos with the same ids.
 *
 * @param id        the runtime's id (container id, or a local dyno id); stable for the dyno's life
 * @param app       the app's name
 * @param release   release version
 * @param name      dyno name, {@code web.1}
 * @param command   the command it runs
 * @param size      size name
 * @param oneOff    a one-off dyno
 * @param startedAt when it was started
 * @param endpoint  where the router reaches it (web dynos only, else null)
 * @param probe     where readiness is checked: the address the app itself binds, which may differ
 *                  from {@code endpoint} when a proxy accepts connections on its behalf (null
 *                  when the dyno has no port)
 * @param exitCode  null while running; the exit status once exited (128+N for signal N)
 */
public record DynoHandle(String id, String app, int release, String name, String command, String size,
                         boolean oneOff, Instant startedAt, Endpoint endpoint, Endpoint probe, Integer exitCode) {
    public DynoHandle {
        Objects.requireNonNull(id, "id");
        Names.app(app);
        Names.dyno(name);
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    public String type() {
        return Names.typeOf(name);
    }

    public boolean running() {
        return exitCode == null;
    }

    public DynoHandle exited(int code) {
        return new DynoHandle(id, app, release, name, command, size, oneOff, startedAt, endpoint, probe, code);
    }
}
