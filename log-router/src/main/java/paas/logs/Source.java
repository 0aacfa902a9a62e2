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

    private final String wireName;

    Source(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses a wire name such as {@code router}; anything else is refused with the accepted names. */
    public static Source parse(String name) {
        for (Source s : values()) {
            if (s.wireName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("log source '" + name + "' is not one of "
                + Arrays.stream(values()).map(Source::wireName).collect(Collectors.joining(", "))
                + (name != null && !name.equals(name.toLowerCase(Locale.ROOT)) ? " (lower case)" : ""));
    }
}
