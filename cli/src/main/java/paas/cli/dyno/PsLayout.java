package paas.cli.dyno;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import paas.cli.core.Json;
import paas.vocabulary.DynoSize;

/**
 * The Heroku layout of {@code ps}: one group per process type, formation types first (by name),
 * then the one-off dynos, each group a "=== " heading and one line per dyno.
 */
public final class PsLayout {
  static final String ONE_OFF_TYPE = "run";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss xx").withZone(ZoneOffset.UTC);

  /** A heading (without "=== ") and its lines. */
  public record Group(String heading, List<String> lines) {
    public Group {
      lines = List.copyOf(lines);
    }
  }

  private PsLayout() {}

  /** The groups for these dynos (an API dyno list), with ages counted up to now. */
  public static List<Group> groups(JsonNode dynos, Instant now) {
    Map<String, List<JsonNode>> byType = new TreeMap<>();
    List<JsonNode> oneOffs = new ArrayList<>();
    for (JsonNode dyno : dynos) {
      String type = Json.text(dyno, "type");
      if (type.equals(ONE_OFF_TYPE)) {
        oneOffs.add(dyno);
      } else {
        byType.computeIfAbsent(type, t -> new ArrayList<>()).add(dyno);
      }
    }
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<JsonNode>> entry : byType.entrySet()) {
      List<JsonNode> members = sorted(entry.getValue());
      JsonNode first = members.getFirst();
      String heading = entry.getKey() + " (" + DynoSize.herokuName(Json.text(first, "size")) + "): " + Json.text(first, "command")
          + " (" + members.size() + ")";
      List<String> lines = new ArrayList<>();
      for (JsonNode dyno : members) {
        lines.add(Json.text(dyno, "name") + ": " + status(dyno, now));
      }
      groups.add(new Group(heading, lines));
    }
    if (!oneOffs.isEmpty()) {
      List<String> lines = new ArrayList<>();
      for (JsonNode dyno : sorted(oneOffs)) {
        lines.add(Json.text(dyno, "name") + " (" + DynoSize.herokuName(Json.text(dyno, "size")) + "): " + status(dyno, now) + ": "
            + Json.text(dyno, "command"));
      }
      groups.add(new Group(ONE_OFF_TYPE + ": one-off processes (" + oneOffs.size() + ")", lines));
    }
    return groups;
  }

  /** "up 2026/11/24 22:00:00 +0000 (~ 5m ago)", with ", exit 137" for a crash with a known status. */
  static String status(JsonNode dyno, Instant now) {
    String state = Json.text(dyno, "state");
    String since = Json.text(dyno, "updated_at");
    if (since.isEmpty()) {
      since = Json.text(dyno, "created_at");
    }
    StringBuilder status = new StringBuilder(state);
    if (!since.isEmpty()) {
      status.append(' ').append(when(since, now));
    }
    JsonNode exit = dyno.path("exit_code");
    if (state.equals("crashed") && exit.isNumber()) {
      status.append(", exit ").append(exit.asInt());
    }
    return status.toString();
  }

  /** "2026/11/24 22:00:00 +0000 (~ 5m ago)" in UTC; the text as given when it is not a time. */
  static String when(String timestamp, Instant now) {
    Instant at;
    try {
      at = OffsetDateTime.parse(timestamp).toInstant();
    } catch (DateTimeParseException e) {
      return timestamp;
    }
    return TIME.format(at) + " (~ " + ago(Duration.between(at, now)) + " ago)";
  }

  /** "10s", "5m", "3h", "2d": the largest whole unit, as Heroku's ps shows ages. */
  static String ago(Duration elapsed) {
    long seconds = Math.max(0, elapsed.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return seconds / 60 + "m";
    }
    if (seconds < 86_400) {
      return seconds / 3600 + "h";
    }
    return seconds / 86_400 + "d";
  }

  /** By the number after the dot, so web.2 comes before web.10; names without one by name. */
  private static List<JsonNode> sorted(List<JsonNode> dynos) {
    List<JsonNode> sorted = new ArrayList<>(dynos);
    sorted.sort(Comparator.comparingLong((JsonNode d) -> number(Json.text(d, "name")))
        .thenComparing(d -> Json.text(d, "name")));
    return sorted;
  }

  private static long number(String name) {
    int dot = name.lastIndexOf('.');
    try {
      return dot < 0 ? Long.MAX_VALUE : Long.parseLong(name.substring(dot + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
