package paas.process;

import paas.vocabulary.DynoSize;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A one-off dyno ({@code paas run}): the release's config vars plus {@code extraEnv}, never
 * restarted, not counted in the formation.
 *
 * @param app      the app's name
 * @param release  the release whose slug and config the dyno gets
 * @param name     {@code run.N}, or {@code release.N} for the release phase
 * @param command  the command line, run by bash like a Procfile command
 * @param extraEnv {@code --env K=V} entries, winning over config vars
 * @param size     resource limits
 * @param tty      attach a terminal (docker runtime) so that {@code paas run bash} is a shell
 */
public record OneOffSpec(String app, Release release, String name, String command, Map<String, String> extraEnv,
                         DynoSize size, boolean tty) {
    public OneOffSpec {
        Names.app(app);
        Objects.requireNonNull(release, "release");
        String type = Names.typeOf(name);
        if (!type.equals("run") && !type.equals("release")) {
            throw new IllegalArgumentException("one-off dyno name '" + name + "' must be run.N (or release.N for the release phase)");
        }
        Names.command(command);
        extraEnv = Names.env(extraEnv);
        Objects.requireNonNull(size, "size");
    }

    public DynoSpec toDynoSpec() {
        Map<String, String> env = new HashMap<>(release.config());
        env.putAll(extraEnv);
        return new DynoSpec(app, release, name, command, env, size, true);
    }
}
