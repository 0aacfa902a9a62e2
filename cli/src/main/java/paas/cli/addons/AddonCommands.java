package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import paas.cli.api.ApiException;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * addons, addons:info, addons:create and addons:destroy: Heroku's add-on commands, for PostgreSQL and Redis; and
 * addons:reprovision, paas's own, for an add-on whose data volume is gone.
 */
public final class AddonCommands {
  /** How often --wait asks whether an add-on is ready, and for how long. */
  static final Duration WAIT_INTERVAL = Duration.ofSeconds(3);
  static final Duration WAIT_LIMIT = Duration.ofMinutes(15);

  private AddonCommands() {}

  @Command(name = "addons", description = "List an app's add-ons with their attachments; outside an app's repository"
      + " (or with --all), every add-on you can see.",
      footer = {"", "Examples:", "  paas addons -a my-app", "  paas addons --all"})
  public static final class Addons extends AppCommand {
    @Option(names = {"-A", "--all"}, description = "Every add-on you can see, even in an app's repository.")
    private boolean all;

    @Mixin
    private JsonOption json;

    public Addons(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Optional<String> app = all ? Optional.empty() : appIfAny();
      if (app.isEmpty()) {
        JsonNode addons = api().get(AddonApi.ALL_ADDONS);
        Listing.untitled().whenEmpty("No add-ons.")
            .show(out, json, addons, () -> out.table(AddonTable.ALL_COLUMNS, AddonTable.forAll(addons)));
        return;
      }
      String name = app.get();
      JsonNode addons = api().get(AddonApi.appAddons(name));
      Listing.untitled().whenEmpty("No add-ons for app " + name + ".").note(AddonTable.note(name))
          .show(out, json, addons, () -> out.table(AddonTable.APP_COLUMNS,
              AddonTable.forApp(name, addons, api().get(AddonApi.ALL_ATTACHMENTS))));
    }
  }

  @Command(name = "addons:info", description = "Show an add-on: its plan, attachments, owning app, creation time and"
      + " state.",
      footer = {"", "Examples:", "  paas addons:info postgresql-curved-12345", "  paas addons:info DATABASE -a my-app"})
  public static final class Info extends AppCommand {
    @Parameters(paramLabel = "ADDON", description = "The add-on's name or id; with -a APP also an attachment name"
        + " such as DATABASE.")
    private String addon;

    @Mixin
    private JsonOption json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Optional<String> app = appIfAny();
      JsonNode found = AddonApi.resolve(api(), app.map(a -> api().get(AddonApi.appAttachments(a))), addon);
      json.print(out, found, () -> {
        List<String> attachments = AddonApi.attachmentsOf(found, api().get(AddonApi.ALL_ATTACHMENTS)).stream()
            .map(a -> Json.text(a, "app", "name") + "::" + Json.text(a, "name")).sorted().toList();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("Plan", AddonApi.plan(found));
        details.put("Attachments", String.join("\n", attachments));
        details.put("Owning app", AddonApi.owner(found));
        details.put("Installed at", Json.text(found, "created_at"));
        details.put("State", AddonApi.state(found));
        if (Json.text(found, "status").equals("data_missing")) {
          details.put("Status", "data missing: " + Json.text(found, "status_message"));
        }
        out.section(AddonApi.name(found), details);
      });
    }
  }

  @Command(name = "addons:create", aliases = "addons:add", description = "Create an add-on (a PostgreSQL database or"
      + " a Redis) for the app and attach it: its URL becomes a config var, in a new release.",
      footer = {"", "Examples:", "  paas addons:create postgresql -a my-app",
          "  paas addons:create heroku-postgresql:standard --as ANALYTICS -a my-app",
          "  paas addons:create redis --name my-cache -a my-app"})
  public static final class Create extends AppCommand {
    @Parameters(paramLabel = "KIND[:PLAN]", description = "postgresql or redis (also heroku-postgresql, postgres,"
        + " heroku-redis), and a plan after a colon: small (the default) or standard.")
    private String service;

    @Option(names = "--plan", paramLabel = "PLAN", description = "The plan, instead of KIND:PLAN.")
    private String plan;

    @Option(names = "--as", paramLabel = "NAME", description = "The attachment's name; the config var is NAME_URL"
        + " (default: DATABASE or REDIS, else HEROKU_POSTGRESQL_COLOR or HEROKU_REDIS_COLOR).")
    private String as;

    @Option(names = "--name", paramLabel = "ADDON", description = "The add-on's name (default: one made up, e.g."
        + " postgresql-curved-12345).")
    private String name;

    @Option(names = "--wait", description = "When the add-on is still being created in the background, wait until it"
        + " is ready.")
    private boolean wait;

    public Create(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() throws InterruptedException {
      String app = app();
      String spec = planSpec();
      ObjectNode body = Json.object().put("plan", spec);
      if (as != null) {
        body.putObject("attachment").put("name", as);
      }
      if (name != null) {
        body.put("name", name);
      }
      JsonNode addon = out.action("Creating " + spec + " on " + out.app(app),
          () -> api().post(AddonApi.appAddons(app), body));
      String created = AddonApi.name(addon);
      if (Json.text(addon, "state").equals("provisioning")) {
        if (!wait) {
          out.line(created + " is being created in the background. The app will restart when complete...");
          out.status("Use `paas addons:info " + created + "` to check creation progress.");
          return;
        }
        out.status("Waiting for " + created + "...");
        addon = untilCreated(addon);
      }
      List<String> vars = AddonApi.configVars(addon);
      out.line("Created " + created + (vars.isEmpty() ? "" : " as " + String.join(", ", vars)));
    }

    /** KIND[:PLAN] with --plan folded in; both naming a plan is a usage error. */
    private String planSpec() {
      if (service.isBlank()) {
        throw usage("name the kind of add-on: postgresql or redis (with :small or :standard)");
      }
      if (plan == null) {
        return service;
      }
      if (service.contains(":")) {
        throw usage("the plan is given twice (" + service + " and --plan " + plan + "): give one");
      }
      return service + ":" + plan;
    }

    private JsonNode untilCreated(JsonNode addon) throws InterruptedException {
      Instant deadline = Instant.now().plus(WAIT_LIMIT);
      while (true) {
        JsonNode now = api().get(AddonApi.addon(AddonApi.id(addon)));
        String state = Json.text(now, "state");
        if (state.equals("provisioned")) {
          return now;
        }
        if (!state.equals("provisioning")) {
          throw new CliException("The add-on was unable to be created, with status " + state
              + "; `paas logs -s paas -a " + AddonApi.owner(now) + "` may say why");
        }
        if (Instant.now().isAfter(deadline)) {
          throw new CliException(AddonApi.name(now) + " is still being created after " + WAIT_LIMIT.toMinutes()
              + " minutes; `paas addons:info " + AddonApi.name(now) + "` shows how it goes");
        }
        Thread.sleep(WAIT_INTERVAL);
      }
    }
  }

  @Command(name = "addons:reprovision", description = "Make an add-on whose data volume is gone (addons:info says"
      + " data missing) anew on an EMPTY volume, with its name, password, URLs and backups, so a backup can be"
      + " restored into it. Needs --confirm with its owning app.",
      footer = {"", "Example:", "  paas addons:reprovision postgresql-curved-12345 --confirm my-app",
          "  paas pg:backups:restore b001 postgresql-curved-12345 --confirm my-app -a my-app"})
  public static final class Reprovision extends AppCommand {
    @Parameters(paramLabel = "ADDON", description = "The add-on's name or id; with -a APP also an attachment name"
        + " such as DATABASE.")
    private String addon;

    @Option(names = {"-c", "--confirm"}, paramLabel = "APP", description = "The add-on's owning app, to confirm.")
    private String confirm;

    public Reprovision(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Optional<String> app = appIfAny();
      JsonNode found = AddonApi.resolve(api(), app.map(a -> api().get(AddonApi.appAttachments(a))), addon);
      String name = AddonApi.name(found);
      String owner = AddonApi.owner(found);
      requireConfirmation(owner, confirm, "Destructive Action\nThis command makes " + name + " anew on an EMPTY"
          + " volume, for every app it is attached to (owner: " + owner + ").");
      try (var action = out.action("Re-provisioning " + name + " on " + out.app(owner))) {
        api().post(AddonApi.appAddon(owner, AddonApi.id(found)) + "/actions/reprovision",
            Json.object().put("confirm", owner));
        action.finish("done");
      }
      out.status("Its data is empty: restore a backup with `paas pg:backups:restore BACKUP " + name + " --confirm "
          + owner + " -a " + owner + "`.");
    }
  }

  @Command(name = "addons:destroy", aliases = "addons:remove", description = "Destroy an add-on and its data:"
      + " it is detached from every app first. Needs --confirm with its owning app; --force when other apps use it.",
      footer = {"", "Example:", "  paas addons:destroy postgresql-curved-12345 --confirm my-app"})
  public static final class Destroy extends AppCommand {
    @Parameters(paramLabel = "ADDON", description = "The add-on's name or id; with -a APP also an attachment name"
        + " such as DATABASE.")
    private String addon;

    @Option(names = {"-c", "--confirm"}, paramLabel = "APP", description = "The add-on's owning app, to confirm.")
    private String confirm;

    @Option(names = {"-f", "--force"}, description = "Destroy it even when it is attached to apps other than its"
        + " owner.")
    private boolean force;

    public Destroy(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Optional<String> app = appIfAny();
      JsonNode found = AddonApi.resolve(api(), app.map(a -> api().get(AddonApi.appAttachments(a))), addon);
      String name = AddonApi.name(found);
      String owner = AddonApi.owner(found);
      if (app.isPresent() && !app.get().equals(owner)) {
        throw new CliException(name + " is on " + out.app(owner) + " not " + out.app(app.get()));
      }
      requireConfirmation(owner, confirm, "Destructive Action\nThis command will destroy " + name + " and its data,"
          + " and detach it from every app it is attached to (owner: " + owner + ").");
      JsonNode destroyed;
      try (var action = out.action("Destroying " + name + " on " + out.app(owner))) {
        destroyed = delete(owner, found);
        boolean pending = Json.text(destroyed, "state").equals("deprovisioning");
        action.finish(pending ? "pending" : "done");
      }
      if (Json.text(destroyed, "state").equals("deprovisioning")) {
        out.line(name + " is being destroyed in the background. The app will restart when complete...");
        out.status("Use `paas addons:info " + name + "` to check destruction progress.");
      }
    }

    private JsonNode delete(String owner, JsonNode found) {
      try {
        return api().delete(AddonApi.appAddon(owner, AddonApi.id(found)), Json.object().put("force", force));
      } catch (ApiException e) {
        String message = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
        throw new CliException("The add-on was unable to be destroyed: " + message
            + (e.id().equals("confirmation_required")
            ? "\nTo destroy it anyway, detaching it from every app, re-run this command with --force." : ""), e);
      }
    }
  }
}
