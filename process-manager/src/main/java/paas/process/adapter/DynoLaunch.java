package paas.process.adapter;

import paas.process.DynoSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Heroku's contract for starting a dyno from a slug, the same in a container and in a local
 * process: the Procfile command runs through bash after {@code .profile.d/*.sh} was sourced, and
 * the environment is the config vars plus {@code PORT} and {@code DYNO}, which config vars cannot
 * override. Where the slug lies ({@code HOME}) and what wraps the command (tini, setsid) are each
 * runtime's own.
 */
public final class DynoLaunch {
    // The command is the Procfile's and is shell by design. Appending it after "; " lets bash
    // exec a simple command directly, so the app itself is the process that receives the
    // signals (tini's child in a container, the group leader locally) and its exit status is
    // the dyno's.
    private static final String PROFILE = "for f in .profile.d/*.sh; do if [ -r \"$f\" ]; then . \"$f\"; fi; done; unset f; ";

    private DynoLaunch() {
    }

    /** The argv that runs a Procfile command in the slug's directory: {@code bash -c PROFILE COMMAND}. */
    public static List<String> command(String procfileCommand) {
        return List.of("bash", "-c", PROFILE + procfileCommand);
    }

    /**
     * A command that first gives its terminal {@code rows} by {@code columns} (with {@code stty},
     * silently where there is none), so that even its first output sees the client's size.
     */
    public static String inTerminalOf(int rows, int columns, String command) {
        return "stty rows " + rows + " cols " + columns + " 2>/dev/null; " + command;
    }

    /** The dyno's environment: its config vars plus {@code PORT} and {@code DYNO}, which win over them. */
    public static Map<String, String> environment(DynoSpec spec, int port) {
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.put("PORT", Integer.toString(port));
        env.put("DYNO", spec.name());
        return env;
    }
}
