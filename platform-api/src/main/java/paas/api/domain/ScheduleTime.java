package paas.api.domain;

import paas.vocabulary.Quote;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a daily backup runs: on the hour, in a time zone, as Heroku's {@code --at '02:00 America/New_York'}
 * takes it (the hour 0 to 23 with {@code :00}; the zone an IANA name, or one of the abbreviations
 * Heroku's CLI maps, such as {@code EST} or {@code CET}; UTC when none is given).
 */
public record ScheduleTime(int hour, ZoneId zone) {
    private static final Pattern SHAPE = Pattern.compile("(0?[0-9]|1[0-9]|2[0-3]):00(?: +(\\S+))?");
    /** The abbreviations Heroku's CLI accepts, and the zones it means by them. */
    private static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            Map.entry("PST", "America/Los_Angeles"), Map.entry("PDT", "America/Los_Angeles"),
            Map.entry("MST", "America/Boise"), Map.entry("MDT", "America/Boise"),
            Map.entry("CST", "America/Chicago"), Map.entry("CDT", "America/Chicago"),
            Map.entry("EST", "America/New_York"), Map.entry("EDT", "America/New_York"),
            Map.entry("Z", "UTC"), Map.entry("UTC", "UTC"), Map.entry("GMT", "Europe/London"),
            Map.entry("BST", "Europe/London"), Map.entry("CET", "Europe/Paris"), Map.entry("CEST", "Europe/Paris"));

    public ScheduleTime {
        Objects.requireNonNull(zone, "zone");
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour " + hour + " is not 0 to 23");
        }
    }

    /** {@code 02:00 UTC}, {@code 2:00 Europe/Berlin}, {@code 14:00}. */
    public static ScheduleTime parse(String at) {
        Matcher m = SHAPE.matcher(at == null ? "" : at.strip());
        if (!m.matches()) {
            throw new PlatformException.InvalidParams("the time " + Quote.of(at) + " is not valid: use --at 'HH:00 ZONE'"
                    + " on the hour, e.g. '02:00 UTC' or '23:00 America/New_York'");
        }
        int hour = Integer.parseInt(m.group(1));
        String zone = m.group(2) == null ? "UTC" : m.group(2);
        String named = ABBREVIATIONS.getOrDefault(zone.toUpperCase(Locale.ROOT), zone);
        try {
            return new ScheduleTime(hour, ZoneId.of(named));
        } catch (DateTimeException e) {
            throw new PlatformException.InvalidParams("unknown time zone " + Quote.of(zone) + ": use an IANA name such as"
                    + " UTC, Europe/Berlin or America/New_York (or PST, EST, CET, ...)");
        }
    }

    /** {@code 02:00 UTC}, as {@link #parse} reads it back. */
    public String text() {
        return String.format("%02d:00 %s", hour, zone.getId());
    }
}
