package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import paas.cli.api.ApiClient;
import paas.cli.core.CliException;
import paas.cli.core.Json;

/**
 * Which add-on a pg:* or redis:* command of an app means: the one typed (an attachment name such as
 * DATABASE, HEROKU_POSTGRESQL_RED_URL or REDIS, or the add-on's own name), else the app's DATABASE or
 * REDIS, else the app's only add-on of the kind.
 */
final class ToolTarget {
  /** The two kinds of add-on with tools, as the API names their service. */
  enum Kind {
    POSTGRESQL("heroku-postgresql", "DATABASE", "PostgreSQL database", "postgresql", "pg"),
    REDIS("heroku-redis", "REDIS", "Redis", "redis", "redis");

    final String service;
    final String primary;
    final String what;
    final String createAs;
    final String prefix;

    Kind(String service, String primary, String what, String createAs, String prefix) {
      this.service = service;
      this.primary = primary;
      this.what = what;
      this.createAs = createAs;
      this.prefix = prefix;
    }
  }

  /** An add-on of the app, and the app's attachments of it. */
  record Target(JsonNode addon, List<JsonNode> attachments) {
    Target {
      attachments = List.copyOf(attachments);
    }

    String name() {
      return AddonApi.name(addon);
    }

    String id() {
      return AddonApi.id(addon);
    }

    /** "DATABASE_URL, HEROKU_POSTGRESQL_RED_URL", the config vars it sets in the app; its name if none. */
    String title() {
      List<String> vars = attachments.stream().map(a -> Json.text(a, "name") + "_URL").toList();
      return vars.isEmpty() ? name() : String.join(", ", vars);
    }
  }

  private ToolTarget() {}

  static Target one(ApiClient api, String app, Optional<String> typed, Kind kind) {
    JsonNode attachments = api.get(AddonApi.appAttachments(app));
    JsonNode addon;
    if (typed.isPresent()) {
      addon = AddonApi.resolve(api, Optional.of(attachments), typed.get());
    } else {
      Optional<String> primary = AddonApi.attachmentNamed(attachments, kind.primary)
          .map(a -> Json.text(a, "addon", "id"));
      if (primary.isPresent()) {
        addon = api.get(AddonApi.addon(primary.get()));
      } else {
        List<JsonNode> ofKind = ofKind(api, app, kind);
        if (ofKind.size() > 1) {
          throw new CliException(app + " has " + ofKind.size() + " " + kind.what + " add-ons and none is "
              + kind.primary + ": name one (" + String.join(", ", ofKind.stream().map(AddonApi::name).toList())
              + ")");
        }
        addon = ofKind.getFirst();
      }
    }
    if (!AddonApi.service(addon).equals(kind.service)) {
      throw new CliException(AddonApi.name(addon) + " is not a " + kind.what + " (it is " + AddonApi.plan(addon)
          + "): " + kind.prefix + ":* commands work on " + kind.service + " add-ons");
    }
    return new Target(addon, AddonApi.attachmentsOf(addon, attachments));
  }

  /** Every add-on of the kind that the app owns or is attached to; at least one. */
  static List<Target> all(ApiClient api, String app, Kind kind) {
    JsonNode attachments = api.get(AddonApi.appAttachments(app));
    List<Target> all = new ArrayList<>();
    for (JsonNode addon : ofKind(api, app, kind)) {
      all.add(new Target(addon, AddonApi.attachmentsOf(addon, attachments)));
    }
    return all;
  }

  private static List<JsonNode> ofKind(ApiClient api, String app, Kind kind) {
    List<JsonNode> found = new ArrayList<>();
    api.get(AddonApi.appAddons(app)).forEach(a -> {
      if (AddonApi.service(a).equals(kind.service)) {
        found.add(a);
      }
    });
    if (found.isEmpty()) {
      throw new CliException(app + " has no " + kind.what + ": create one with `paas addons:create " + kind.createAs
          + " -a " + app + "`");
    }
    return found;
  }
}
