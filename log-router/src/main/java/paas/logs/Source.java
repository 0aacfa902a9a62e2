package paas.logs;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a log line comes from; {@link #wireName()} is what users see and type ({@code --source}). */
public enum Source {
    /** A dyno's stdout and stderr. */
    APP("app"),
    /** One line per request from the HTTP router. */
    ROUTER("router"),
    /** Platform events: scaling, releases, state changes, crashes, and this module's L10/L11 notices. */
    PAAS("paas"),
    /** Build output while a build runs. */
    BUILD("build");

    private static final String HEROKU_PLATFORM = "heroku";

    private final String wireName;

    Source(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * Parses a wire name such as {@code router}, or {@code heroku}, Heroku's name for the platform's own
     * lines, which Heroku's clients send (paas's are {@code paas}); anything else is refused with the
     * accepted names.
     */
    public static Source parse(String name) {
        if (HEROKU_PLATFORM.equals(name)) {
            return PAAS;
        }
        for (Source s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("log source '" + name + "' is not one of "
                + Arrays.stream(values()).map(Source::wireName).collect(Collectors.joining(", ")) + " (or " + HEROKU_PLATFORM
                + " for paas)"
                + (name != null && !name.equals(name.toLowerCase(Locale.ROOT)) ? " (lower case)" : ""));
    }
}
