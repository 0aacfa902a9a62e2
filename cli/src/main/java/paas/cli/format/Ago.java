package paas.cli.format;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A past time as Heroku's CLI lists releases: "2026/12/03 08:51:11 +0000 (~ 3s ago)" in the local
 * time zone, the age in seconds, minutes or hours; older than 25 hours, the time alone (so does Heroku).
 */
public final class Ago {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss xx");
  private static final long MINUTE = 60;
  private static final long HOUR = 60 * MINUTE;
  private static final long AGES_SHOWN_UP_TO = 25 * HOUR;

  private final Clock clock;

  public Ago(Clock clock) {
    this.clock = clock;
  }

  /** The API's timestamp (ISO-8601) shown as Heroku shows it; the text as given when it is no time. */
  public String format(String timestamp) {
    Instant at;
    try {
      at = OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return timestamp;
    }
    String time = TIME.format(at.atZone(clock.getZone()));
    long seconds = Math.max(0, Duration.between(at, clock.instant()).toSeconds());
    if (seconds < MINUTE) {
      return time + " (~ " + seconds + "s ago)";
    }
    if (seconds < HOUR) {
      return time + " (~ " + seconds / MINUTE + "m ago)";
    }
    if (seconds < AGES_SHOWN_UP_TO) {
      return time + " (~ " + seconds / HOUR + "h ago)";
    }
    return time;
  }
}
