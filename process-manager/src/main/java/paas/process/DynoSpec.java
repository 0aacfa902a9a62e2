package paas.process;

import paas.vocabulary.DynoSize;

import java.util.Map;
import java.util.Objects;

/**
 * Everything a runtime needs to start one dyno.
 *
 * <p>The runtime adds {@code PORT}, {@code DYNO} and {@code HOME} to {@code env} and they win
 * over config vars of the same name. The command is the Procfile's, run by {@code bash} after
 * {@code .profile.d/*.sh} is sourced: it is shell by design, while config travels only as
 * environment entries.
 *
 * @param app     the app's name
 * @param release the release the dyno runs
 * @param name    the dyno name, {@code TYPE.N}: {@code web.1}, {@code worker.2}, {@code run.4312}
 * @param command the command line
 * @param env     config vars (and, for one-off dynos, the extra {@code --env} entries)
 * @param size    resource limits
 * @param oneOff  a one-off dyno: never restarted, not part of the formation
 */
public record DynoSpec(String app, Release release, String name, String command, Map<String, String> env,
                       DynoSize size, boolean oneOff) {
    public DynoSpec {
        Names.app(app);
        Objects.requireNonNull(release, "release");
        Names.dyno(name);
        Names.command(command);
        env = Names.env(env);
        Objects.requireNonNull(size, "size");
    }

    public String type() {
        return Names.typeOf(name);
    }

    /** Web dynos must bind {@code PORT} and are what the router reaches. */
    public boolean web() {
        return !oneOff && type().equals("web");
    }
}
