package paas.process;

import paas.vocabulary.AppName;
import paas.vocabulary.ConfigVars;
import paas.vocabulary.DynoName;
import paas.vocabulary.ProcessType;
import paas.vocabulary.SlugId;

import java.util.Map;
import java.util.Objects;

/**
 * The allow-lists every value of this module passes, so that records, runtimes and tests agree.
 * The rules of names are the platform's vocabulary's; the rest are this module's.
 */
public final class Names {
    private Names() {
    }

    public static String app(String app) {
        Objects.requireNonNull(app, "app");
        return AppName.check(app);
    }

    public static String type(String type) {
        Objects.requireNonNull(type, "process type");
        return ProcessType.check(type);
    }

    /** A dyno name {@code TYPE.N} (N from 1), e.g. {@code web.1} or {@code run.4312}. */
    public static String dyno(String dyno) {
        Objects.requireNonNull(dyno, "dyno name");
        return DynoName.check(dyno);
    }

    /** The process type of a valid dyno name: {@code web} for {@code web.2}. */
    public static String typeOf(String dyno) {
        return new DynoName(dyno).type();
    }

    /** The index of a valid dyno name: {@code 2} for {@code web.2}. */
    public static int indexOf(String dyno) {
        return new DynoName(dyno).index();
    }

    public static String slugId(String slugId) {
        Objects.requireNonNull(slugId, "slug id");
        return SlugId.check(slugId);
    }

    public static String command(String command) {
        Objects.requireNonNull(command, "command");
        if (command.isBlank() || command.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("command must be non-blank and contain no NUL");
        }
        return command;
    }

    /** Copies an environment after checking each key and value (config var rules). */
    public static Map<String, String> env(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        for (var e : env.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "env key");
            String value = Objects.requireNonNull(e.getValue(), () -> "value of " + key);
            ConfigVars.checkEntry(key, value);
        }
        return Map.copyOf(env);
    }
}
