package paas.logs.buffer;

import paas.logs.LogLine;
import paas.logs.Source;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The line a reader receives after lines were dropped for it, worded as Heroku's Logplex
 * words it so that tools which watch for these codes keep working.
 */
public enum Overflow {
    /** A drain fell behind. */
    L10("Error L10 (output buffer overflow): %d messages dropped since %s."),
    /** A tail fell behind. */
    L11("Error L11 (Tail buffer overflow): %d messages dropped since %s.");

    /** Notices come from the log router itself, shown as {@code paas[logplex]}. */
    public static final String DYNO = "logplex";

    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private final String template;

    Overflow(String template) {
        this.template = template;
    }

    /** The notice for {@code dropped} lines of {@code app} lost since {@code since}, stamped {@code now}. */
    public LogLine notice(String app, long dropped, Instant since, Instant now) {
        return new LogLine(now, app, Source.PAAS, DYNO, template.formatted(dropped, SINCE.format(since)));
    }
}
