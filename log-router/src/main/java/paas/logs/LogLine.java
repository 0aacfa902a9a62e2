package paas.logs;

import paas.vocabulary.AppName;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One structured log line. It stays structured until the edge that formats it
 * ({@link LogFormat} for the CLI, the syslog and HTTPS drains).
 *
 * <p>The time is kept to the microsecond (the precision Heroku shows). The text may be any
 * length and may hold newlines: {@link LogRouter#publish} splits it into lines of at most
 * {@link #MAX_TEXT_BYTES} UTF-8 bytes each, so no line is ever dropped for its size.
 *
 * @param time   when the line was produced, truncated to microseconds
 * @param app    the app name, {@code ^[a-z][a-z0-9-]{1,29}$}
 * @param source where the line comes from
 * @param dyno   the process that wrote it: {@code web.1}, {@code run.4312}, {@code router}, {@code api}
 *               ({@code ^[A-Za-z0-9_-]{1,64}(\.[0-9]{1,9})?$}, printable ASCII as syslog's PROCID needs)
 * @param text   the message, without its line terminator
 */
public record LogLine(Instant time, String app, Source source, String dyno, String text) {
    /** The longest line, in UTF-8 bytes, that is delivered in one piece (Heroku's limit). */
    public static final int MAX_TEXT_BYTES = 10_000;

    public LogLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        time = time.truncatedTo(ChronoUnit.MICROS);
        requireAppName(app);
        requireDynoName(dyno);
    }

    /** A copy with another text, same time, app, source and dyno. */
    public LogLine withText(String newText) {
        return new LogLine(time, app, source, dyno, newText);
    }

    /** Checks an app name against the platform's rule; the message states the rule. */
    public static String requireAppName(String app) {
        // isValid first: it allocates nothing, and this runs once per published line.
        return AppName.isValid(app) ? app : AppName.check(app);
    }

    /** Checks a dyno name: a process type, optionally {@code .N}; the message states the rule. */
    public static String requireDynoName(String dyno) {
        if (!isDynoName(dyno)) {
            throw new IllegalArgumentException("dyno name '" + dyno
                    + "' must match ^[A-Za-z0-9_-]{1,64}(\\.[0-9]{1,9})?$ (a process type, optionally .N)");
        }
        return dyno;
    }

    static boolean isDynoName(String dyno) {
        if (dyno == null || dyno.isEmpty()) {
            return false;
        }
        int dot = dyno.indexOf('.');
        int typeEnd = dot < 0 ? dyno.length() : dot;
        if (typeEnd < 1 || typeEnd > 64) {
            return false;
        }
        for (int i = 0; i < typeEnd; i++) {
            char c = dyno.charAt(i);
            if (!(isLower(c) || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || c == '-')) {
                return false;
            }
        }
        if (dot < 0) {
            return true;
        }
        int digits = dyno.length() - dot - 1;
        if (digits < 1 || digits > 9) {
            return false;
        }
        for (int i = dot + 1; i < dyno.length(); i++) {
            if (!isDigit(dyno.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
