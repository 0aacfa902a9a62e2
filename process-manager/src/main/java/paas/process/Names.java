package paas.process;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The allow-lists every value of this module passes, in one place so that records, runtimes and
 * tests agree. The rules are the platform's (BEHAVIOUR.md "Names and inputs").
 */
public final class Names {
    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9-]{1,29}");
    private static final Pattern TYPE = Pattern.compile("[a-zA-Z0-9_-]{1,63}");
    private static final Pattern DYNO = Pattern.compile("([a-zA-Z0-9_-]{1,63})\\.([1-9][0-9]{0,8})");
    private static final Pattern CONFIG_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SLUG_ID = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_VALUE_BYTES = 32 * 1024;

    private Names() {
    }

    public static String app(String app) {
        Objects.requireNonNull(app, "app");
        if (!APP.matcher(app).matches()) {
            throw new IllegalArgumentException("app name '" + app + "' must match ^[a-z][a-z0-9-]{1,29}$");
        }
        return app;
    }

    public static String type(String type) {
        Objects.requireNonNull(type, "process type");
        if (!TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("process type '" + type + "' must match ^[a-zA-Z0-9_-]{1,63}$");
        }
        return type;
    }

    /** A dyno name {@code TYPE.N} (N from 1), e.g. {@code web.1} or {@code run.4312}. */
    public static String dyno(String dyno) {
        Objects.requireNonNull(dyno, "dyno name");
        if (!DYNO.matcher(dyno).matches()) {
            throw new IllegalArgumentException("dyno name '" + dyno + "' must be TYPE.N such as web.1 (N from 1)");
        }
        return dyno;
    }

    /** The process type of a valid dyno name: {@code web} for {@code web.2}. */
    public static String typeOf(String dyno) {
        return dyno(dyno).substring(0, dyno.lastIndexOf('.'));
    }

    /** The index of a valid dyno name: {@code 2} for {@code web.2}. */
    public static int indexOf(String dyno) {
        return Integer.parseInt(dyno(dyno).substring(dyno.lastIndexOf('.') + 1));
    }

    public static String slugId(String slugId) {
        Objects.requireNonNull(slugId, "slug id");
        if (!SLUG_ID.matcher(slugId).matches()) {
            throw new IllegalArgumentException("slug id '" + slugId + "' must be a sha256 hex digest (64 of 0-9a-f)");
        }
        return slugId;
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
            if (!CONFIG_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("config key '" + key + "' must match ^[A-Za-z_][A-Za-z0-9_]*$");
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("config var " + key + " contains NUL");
            }
            if (value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("config var " + key + " is over 32 KiB");
            }
        }
        return Map.copyOf(env);
    }
}
