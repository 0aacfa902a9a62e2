package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import paas.cli.core.Json;

/** pg:info and redis:info as Heroku's CLI shows them: "Key: value" lines from the API's info object. */
final class InfoFormat {
  private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);
  private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

  private InfoFormat() {}

  static Map<String, String> postgresql(JsonNode info) {
    JsonNode pg = info.path("postgresql");
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("Plan", shortPlan(info));
    lines.put("Status", status(info));
    lines.put("Connections", pg.path("connections").asLong() + "/" + pg.path("max_connections").asLong());
    lines.put("PG Version", Json.text(pg, "version"));
    lines.put("Created", created(info));
    lines.put("Data Size", bytes(pg.path("data_size_bytes").asLong()));
    lines.put("Tables", Long.toString(pg.path("tables").asLong()));
    lines.put("Fork/Follow", "n/a");
    lines.put("Add-on", Json.text(info, "addon", "name"));
    return lines;
  }

  static Map<String, String> redis(JsonNode info) {
    JsonNode redis = info.path("redis");
    long max = redis.path("max_memory_bytes").asLong();
    String policy = Json.text(redis, "max_memory_policy");
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("Plan", shortPlan(info));
    lines.put("Status", status(info));
    lines.put("Created", created(info));
    lines.put("Version", Json.text(redis, "version"));
    lines.put("Memory", bytes(redis.path("used_memory_bytes").asLong()) + " used of "
        + (max == 0 ? "the container's limit" : bytes(max)) + (policy.isEmpty() ? "" : " (" + policy + ")"));
    lines.put("Clients", redis.path("clients").asLong() + "/" + redis.path("max_clients").asLong());
    lines.put("Persistence", Json.text(redis, "persistence").equals("aof") ? "AOF on" : "off");
    lines.put("Keys", Long.toString(redis.path("keys").asLong()));
    lines.put("Add-on", Json.text(info, "addon", "name"));
    return lines;
  }

  /** "small", from "heroku-postgresql:small". */
  private static String shortPlan(JsonNode info) {
    String plan = Json.text(info, "plan", "name");
    return plan.substring(plan.indexOf(':') + 1);
  }

  /** The API answers info only for an add-on whose server answered: Heroku calls that Available. */
  private static String status(JsonNode info) {
    return Json.text(info, "state").equals("provisioned") ? "Available" : Json.text(info, "state");
  }

  static String created(JsonNode info) {
    String at = Json.text(info, "created_at");
    try {
      return CREATED.format(Instant.parse(at));
    } catch (DateTimeParseException e) {
      return at;
    }
  }

  /** In SI units, one decimal: "512 B", "7.7 MB", "1.0 GB". */
  static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    double value = n;
    int unit = -1;
    while (value >= 999.95 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }
}
