package paas.logs;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats lines as the CLI shows them: {@code 2026-11-24T22:00:00.123456+00:00 app[web.1]: text}. */
public final class LogFormat {
    /** RFC 3339 in UTC with microseconds and a numeric offset; also syslog's TIMESTAMP. */
    public static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private LogFormat() {
    }

    /** The CLI line, without a trailing newline. */
    public static String format(LogLine line) {
        return TIME.format(line.time()) + ' ' + line.source().wireName() + '[' + line.dyno() + "]: " + line.text();
    }
}
