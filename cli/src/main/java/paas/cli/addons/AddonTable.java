package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import paas.cli.core.Json;

/**
 * The rows of `paas addons`, laid out as Heroku's CLI lays them out. For one app: each add-on as
 * "heroku-postgresql (postgresql-curved-12345)" with its plan and state, its attachments under it as
 * " ├─ as DATABASE" and, last, " └─ as HEROKU_POSTGRESQL_RED on other-app app"; the app's own add-ons
 * first. For every app: the owning app, the add-on, the whole plan name and the state.
 */
final class AddonTable {
  static final List<String> APP_COLUMNS = List.of("Add-on", "Plan", "State");
  static final List<String> ALL_COLUMNS = List.of("Owning App", "Add-on", "Plan", "State");
  private static final String UNKNOWN = "?";

  private AddonTable() {}

  /**
   * @param addons the app's add-ons (GET /apps/{app}/addons)
   * @param attachments every attachment the caller sees (GET /addon-attachments): an add-on's
   *     attachments to other apps are listed too, and an add-on attached to the app that the caller
   *     cannot read otherwise still shows, with "?" for what is not known of it
   */
  static List<List<String>> forApp(String app, JsonNode addons, JsonNode attachments) {
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    addons.forEach(addon -> byId.put(AddonApi.id(addon), addon));
    attachments.forEach(attachment -> {
      JsonNode addon = attachment.path("addon");
      if (Json.text(attachment, "app", "name").equals(app) && !byId.containsKey(AddonApi.id(addon))) {
        byId.put(AddonApi.id(addon), known(addon));
      }
    });
    Comparator<JsonNode> foreignLast = Comparator.comparing(addon -> !AddonApi.owner(addon).equals(app));
    List<JsonNode> sorted = byId.values().stream()
        .sorted(foreignLast.thenComparing(AddonApi::plan).thenComparing(AddonApi::name))
        .toList();
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode addon : sorted) {
      String service = AddonApi.service(addon);
      rows.add(List.of((service.isEmpty() ? UNKNOWN : service) + " (" + AddonApi.name(addon) + ")",
          AddonApi.plan(addon).isEmpty() ? UNKNOWN : AddonApi.shortPlan(addon), AddonApi.state(addon)));
      List<JsonNode> its = AddonApi.attachmentsOf(addon, attachments).stream()
          .sorted(Comparator.<JsonNode, Boolean>comparing(a -> !appOf(a).equals(app))
              .thenComparing(AddonTable::appOf).thenComparing(a -> Json.text(a, "name")))
          .toList();
      for (int i = 0; i < its.size(); i++) {
        JsonNode attachment = its.get(i);
        String branch = i == its.size() - 1 ? " \u2514\u2500 " : " \u251c\u2500 ";
        String where = appOf(attachment).equals(app) ? "" : " on " + appOf(attachment) + " app";
        rows.add(List.of(branch + "as " + Json.text(attachment, "name") + where));
      }
    }
    return rows;
  }

  /** Every add-on the caller sees, ordered by owning app, plan and name. */
  static List<List<String>> forAll(JsonNode addons) {
    List<JsonNode> sorted = new ArrayList<>();
    addons.forEach(sorted::add);
    sorted.sort(Comparator.comparing(AddonApi::owner).thenComparing(AddonApi::plan).thenComparing(AddonApi::name));
    return sorted.stream()
        .map(addon -> List.of(AddonApi.owner(addon), AddonApi.name(addon), AddonApi.plan(addon), AddonApi.state(addon)))
        .toList();
  }

  /** The note under an app's table, as Heroku prints it. */
  static String note(String app) {
    return "The table above shows add-ons and the attachments to the current app (" + app + ") or other apps.";
  }

  private static String appOf(JsonNode attachment) {
    return Json.text(attachment, "app", "name");
  }

  /** What an attachment tells of its add-on: id, name and owning app, nothing of its plan or state. */
  private static JsonNode known(JsonNode addon) {
    ObjectNode known = Json.object();
    known.put("id", AddonApi.id(addon)).put("name", AddonApi.name(addon));
    known.set("app", addon.path("app").deepCopy());
    return known;
  }
}
