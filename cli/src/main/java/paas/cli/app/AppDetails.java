package paas.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import paas.cli.api.ApiClient;
import paas.cli.api.ApiException;
import paas.cli.core.Json;

/**
 * An app with its add-ons, collaborators and dynos: what Heroku's apps:info --json and --shell
 * print. The add-ons must load; dynos and collaborators are empty when the API cannot list them
 * (as Heroku's CLI has it).
 */
record AppDetails(JsonNode app, JsonNode addons, JsonNode collaborators, JsonNode dynos) {
  private static final String[] SIZE_UNITS = {"B", "KB", "MB", "GB", "TB"};

  static AppDetails fetch(ApiClient api, JsonNode app) {
    String name = Json.text(app, "name");
    return new AppDetails(app, api.get(ApiClient.path("apps", name, "addons")),
        orEmpty(() -> api.get(ApiClient.path("apps", name, "collaborators"))),
        orEmpty(() -> api.get(ApiClient.path("apps", name, "dynos"))));
  }

  private static JsonNode orEmpty(Supplier<JsonNode> list) {
    try {
      JsonNode answer = list.get();
      return answer.isArray() ? answer : Json.MAPPER.createArrayNode();
    } catch (ApiException e) {
      return Json.MAPPER.createArrayNode();
    }
  }

  /** {"addons": [...], "app": {...}, "collaborators": [...], "dynos": [...]}, as Heroku's --json. */
  ObjectNode json() {
    ObjectNode json = Json.object();
    json.set("addons", addons);
    json.set("app", app);
    json.set("collaborators", collaborators);
    json.set("dynos", dynos);
    return json;
  }

  /** key=value lines, Heroku's --shell keys in Heroku's order; a field the API does not give is left out. */
  List<String> shellLines() {
    List<String> lines = new ArrayList<>();
    if (app.has("acm")) {
      lines.add("auto_cert_mgmt=" + app.path("acm").asBoolean());
    }
    lines.add("addons=" + String.join(",", addonPlans()));
    lines.add("collaborators=" + String.join(",", collaboratorEmails()));
    lines.add("git_url=" + Json.text(app, "git_url"));
    lines.add("web_url=" + Json.text(app, "web_url"));
    size("repo_size").ifPresent(size -> lines.add("repo_size=" + size));
    size("slug_size").ifPresent(size -> lines.add("slug_size=" + size));
    lines.add("owner=" + Json.text(app, "owner", "email"));
    String region = Json.text(app, "region", "name");
    if (!region.isEmpty()) {
      lines.add("region=" + region);
    }
    lines.add("dynos=" + dynoCounts());
    lines.add("stack=" + Json.text(app, "stack", "name"));
    return lines;
  }

  private TreeSet<String> addonPlans() {
    TreeSet<String> plans = new TreeSet<>();
    addons.forEach(addon -> {
      String plan = Json.text(addon, "plan", "name");
      plans.add(plan.isEmpty() ? Json.text(addon, "name") : plan);
    });
    return plans;
  }

  private TreeSet<String> collaboratorEmails() {
    String owner = Json.text(app, "owner", "email");
    TreeSet<String> emails = new TreeSet<>();
    collaborators.forEach(c -> emails.add(Json.text(c, "user", "email")));
    emails.remove(owner);
    emails.remove("");
    return emails;
  }

  /** "{ web: 2, worker: 1 }", or "{}" without dynos: how Heroku's CLI prints the count by type. */
  private String dynoCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    dynos.forEach(dyno -> counts.merge(Json.text(dyno, "type"), 1, Integer::sum));
    if (counts.isEmpty()) {
      return "{}";
    }
    List<String> entries = new ArrayList<>();
    counts.forEach((type, count) -> entries.add(type + ": " + count));
    return "{ " + String.join(", ", entries) + " }";
  }

  /** A byte count as Heroku prints it: 1024-based units rounded to whole numbers ("5 MB"). */
  private java.util.Optional<String> size(String field) {
    JsonNode bytes = app.path(field);
    if (!bytes.isNumber()) {
      return java.util.Optional.empty();
    }
    double value = bytes.asDouble();
    int unit = 0;
    while (value >= 1024 && unit < SIZE_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return java.util.Optional.of(Math.round(value) + " " + SIZE_UNITS[unit]);
  }
}
