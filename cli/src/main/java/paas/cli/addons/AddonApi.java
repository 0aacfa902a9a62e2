package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import paas.cli.api.ApiClient;
import paas.cli.core.CliException;
import paas.cli.core.Json;

/** The add-on API's paths and what the add-on commands read from its add-on and attachment objects. */
final class AddonApi {
  static final String ALL_ADDONS = "/addons";
  static final String ALL_ATTACHMENTS = "/addon-attachments";
  static final String POSTGRESQL_SERVICE = "heroku-postgresql";
  static final String DATABASE = "DATABASE";

  private AddonApi() {}

  static String appAddons(String app) {
    return ApiClient.path("apps", app, "addons");
  }

  static String appAddon(String app, String idOrName) {
    return ApiClient.path("apps", app, "addons", idOrName);
  }

  static String appAttachments(String app) {
    return ApiClient.path("apps", app, "addon-attachments");
  }

  static String addon(String idOrName) {
    return ApiClient.path("addons", idOrName);
  }

  static String attachment(String id) {
    return ApiClient.path("addon-attachments", id);
  }

  static String name(JsonNode addon) {
    return Json.text(addon, "name");
  }

  static String id(JsonNode addon) {
    return Json.text(addon, "id");
  }

  /** The app that owns the add-on (the one it was created on, or the oldest other one it is attached to). */
  static String owner(JsonNode addon) {
    return Json.text(addon, "app", "name");
  }

  /** "heroku-postgresql" or "heroku-redis"; "" when the API did not say. */
  static String service(JsonNode addon) {
    return Json.text(addon, "addon_service", "name");
  }

  /** The whole plan name, e.g. "heroku-postgresql:small". */
  static String plan(JsonNode addon) {
    return Json.text(addon, "plan", "name");
  }

  /** The plan without its service, e.g. "small", as Heroku's app listing shows it. */
  static String shortPlan(JsonNode addon) {
    String plan = plan(addon);
    return plan.substring(plan.indexOf(':') + 1);
  }

  /** The state in Heroku's CLI words: created, creating, destroying; another state as the API said it. */
  static String state(JsonNode addon) {
    String state = Json.text(addon, "state");
    return switch (state) {
      case "provisioned" -> "created";
      case "provisioning" -> "creating";
      case "deprovisioning" -> "destroying";
      case "deprovisioned" -> "errored";
      default -> state;
    };
  }

  /** "DATABASE_URL, HEROKU_POSTGRESQL_RED_URL": the config vars the add-on set, as the API listed them. */
  static List<String> configVars(JsonNode addon) {
    List<String> vars = new ArrayList<>();
    addon.path("config_vars").forEach(v -> vars.add(v.asText()));
    return vars;
  }

  /**
   * The attachment a user means by name among an app's: "DATABASE", "database" and "DATABASE_URL"
   * (the config var, as Heroku users often type it) all find DATABASE; an attachment id works too.
   */
  static Optional<JsonNode> attachmentNamed(JsonNode attachments, String typed) {
    String wanted = typed.toUpperCase(Locale.ROOT);
    for (JsonNode attachment : attachments) {
      String name = Json.text(attachment, "name");
      if (name.equals(typed) || name.equals(wanted) || (name + "_URL").equals(wanted)
          || Json.text(attachment, "id").equals(typed)) {
        return Optional.of(attachment);
      }
    }
    return Optional.empty();
  }

  /**
   * The add-on a user names: with an app, an attachment name of that app (DATABASE, REDIS) finds the
   * add-on behind it; else the add-on's own name or id, which are unique on the platform.
   *
   * @param appAttachments the app's attachments, or empty without an app
   */
  static JsonNode resolve(ApiClient api, Optional<JsonNode> appAttachments, String typed) {
    if (typed.isBlank()) {
      throw new CliException("name an add-on: its name (e.g. postgresql-curved-12345), or an attachment such as"
          + " DATABASE with -a APP");
    }
    String idOrName = appAttachments.flatMap(all -> attachmentNamed(all, typed))
        .map(attachment -> Json.text(attachment, "addon", "id"))
        .filter(id -> !id.isEmpty())
        .orElse(typed);
    return api.get(addon(idOrName));
  }

  /** The attachments of one add-on, in a list of attachments. */
  static List<JsonNode> attachmentsOf(JsonNode addon, JsonNode attachments) {
    return attachmentsOf(id(addon), attachments);
  }

  /** The attachments of the add-on with this id, in a list of attachments. */
  static List<JsonNode> attachmentsOf(String addonId, JsonNode attachments) {
    List<JsonNode> of = new ArrayList<>();
    attachments.forEach(a -> {
      if (Json.text(a, "addon", "id").equals(addonId)) {
        of.add(a);
      }
    });
    return of;
  }
}
