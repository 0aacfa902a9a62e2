package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import paas.cli.api.ApiException;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.release.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** addons:attach and addons:detach: an add-on's URL set as a config var of an app, or taken away. */
public final class AttachmentCommands {
  private AttachmentCommands() {}

  @Command(name = "addons:attach", description = "Attach an existing add-on to an app (another app's too): its URL"
      + " becomes the config var NAME_URL, in a new release.",
      footer = {"", "Example:", "  paas addons:attach postgresql-curved-12345 --as SHARED_DB -a other-app"})
  public static final class Attach extends AppCommand {
    @Parameters(paramLabel = "ADDON", description = "The add-on's name or id.")
    private String addon;

    @Option(names = "--as", paramLabel = "NAME", description = "The attachment's name; the config var is NAME_URL"
        + " (default: DATABASE or REDIS, else HEROKU_POSTGRESQL_COLOR or HEROKU_REDIS_COLOR).")
    private String as;

    @Option(names = "--confirm", paramLabel = "APP", description = "The app's name, to confirm replacing an"
        + " attachment of the same name.")
    private String confirm;

    public Attach(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      if (confirm != null) {
        // A --confirm naming another app stops here, before anything is sent; no prompt is possible.
        requireConfirmation(app, confirm, "");
      }
      String name = AddonApi.name(api().get(AddonApi.addon(addon)));
      JsonNode attachment;
      try {
        attachment = attach(app, name, confirm);
      } catch (ApiException e) {
        // Heroku's API asks before an attachment replaces one of the same name; ask the user, then send it again.
        if (confirm != null || !e.id().equals("confirmation_required")) {
          throw e;
        }
        requireConfirmation(app, null, e.getMessage());
        attachment = attach(app, name, app);
      }
      out.action("Setting " + Json.text(attachment, "name") + " config vars and restarting " + out.app(app),
          () -> Releases.newestVersion(api(), app), version -> version);
    }

    private JsonNode attach(String app, String name, String confirmed) {
      ObjectNode body = Json.object().put("addon", name).put("app", app);
      if (as != null) {
        body.put("name", as);
      }
      if (confirmed != null) {
        body.put("confirm", confirmed);
      }
      return out.action("Attaching " + name + (as == null ? "" : " as " + as) + " to " + out.app(app),
          () -> api().post(AddonApi.ALL_ATTACHMENTS, body));
    }
  }

  @Command(name = "addons:detach", description = "Detach an add-on from an app: its config var goes, in a new"
      + " release. The add-on stays (addons:destroy destroys it).",
      footer = {"", "Example:", "  paas addons:detach HEROKU_POSTGRESQL_RED -a other-app"})
  public static final class Detach extends AppCommand {
    @Parameters(paramLabel = "ATTACHMENT", description = "The attachment's name, e.g. DATABASE (as `paas addons`"
        + " shows it), or its id.")
    private String name;

    public Detach(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode attachments = api().get(AddonApi.appAttachments(app));
      JsonNode attachment = AddonApi.attachmentNamed(attachments, name)
          .orElseThrow(() -> new CliException(missing(app, attachments)));
      String attached = Json.text(attachment, "name");
      out.action("Detaching " + attached + " to " + Json.text(attachment, "addon", "name") + " from " + out.app(app),
          () -> api().delete(AddonApi.attachment(Json.text(attachment, "id"))));
      out.action("Unsetting " + attached + " config vars and restarting " + out.app(app),
          () -> Releases.newestVersion(api(), app), version -> version);
    }

    private String missing(String app, JsonNode attachments) {
      List<String> names = new ArrayList<>();
      attachments.forEach(a -> names.add(Json.text(a, "name")));
      return app + " has no add-on attachment named " + name
          + (names.isEmpty() ? "" : " (it has " + String.join(", ", names.stream().sorted().toList()) + ")")
          + "; `paas addons -a " + app + "` lists them";
    }
  }
}
