package paas.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Git;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Output;
import paas.cli.git.Remotes;
import paas.vocabulary.AppName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** apps, apps:create, apps:info, apps:destroy and apps:rename. */
public final class AppCommands {
  private AppCommands() {}

  @Command(name = "apps", description = "List your apps (all apps, for an admin).", footer = {"", "Example:", "  paas apps"})
  public static final class Apps extends BaseCommand {
    @Mixin
    private JsonOption json;

    public Apps(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      JsonNode apps = api().getAll("/apps", "name ..; max=1000");
      if (json.enabled()) {
        out.json(apps);
        return;
      }
      if (apps.isEmpty()) {
        out.status("You have no apps. Create one with `paas apps:create`.");
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode app : apps) {
        rows.add(List.of(Json.text(app, "name"), Json.text(app, "owner", "email")));
      }
      out.header("Apps");
      out.table(null, rows);
    }
  }

  @Command(name = "apps:create", aliases = "create",
      description = "Create an app (the platform picks a name when you give none) and add a git remote for it.",
      footer = {"", "Examples:", "  paas apps:create", "  paas apps:create my-app --remote staging"})
  public static final class Create extends BaseCommand {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The app's name: ^" + AppName.REGEX + "$.")
    private String name;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", defaultValue = "paas", description = "The git remote to add (default: ${DEFAULT-VALUE}).")
    private String remote;

    @Option(names = "--no-remote", description = "Do not add a git remote.")
    private boolean noRemote;

    @Mixin
    private JsonOption json;

    public Create(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      ObjectNode body = Json.object();
      if (name != null) {
        body.put("name", name);
      }
      JsonNode app;
      try (Output.Action action = out.action("Creating " + (name != null ? name : "app"))) {
        app = api().post("/apps", body);
        action.done(name != null ? "" : Json.text(app, "name"));
      }
      if (json.enabled()) {
        out.json(app);
      } else {
        out.line(Json.text(app, "web_url") + " | " + Json.text(app, "git_url"));
      }
      if (!noRemote) {
        addRemote(Json.text(app, "name"), Json.text(app, "git_url"));
      }
    }

    private void addRemote(String created, String gitUrl) {
      if (gitUrl.isEmpty() || !ctx.git().isRepository(ctx.cwd())) {
        return;
      }
      if (ctx.git().remotes(ctx.cwd()).containsKey(remote)) {
        out.status("Git remote " + remote + " already exists; left as it is (`paas git:remote -a " + created
            + " -r " + remote + "` points it at " + created + ")");
        return;
      }
      try {
        ctx.git().addRemote(ctx.cwd(), remote, gitUrl);
      } catch (CliException e) {
        throw new CliException("created " + created + ", but " + e.getMessage()
            + "\nrun `paas git:remote -a " + created + "` to add the remote", e);
      }
      out.status("set git remote " + remote + " to " + gitUrl);
    }
  }

  @Command(name = "apps:info", aliases = "info", description = "Show an app's URLs, owner, stack and dates.",
      footer = {"", "Example:", "  paas apps:info -a my-app"})
  public static final class Info extends AppCommand {
    @Mixin
    private JsonOption json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      JsonNode app = api().get(ApiClient.path("apps", app()));
      if (json.enabled()) {
        out.json(app);
        return;
      }
      Map<String, String> info = new LinkedHashMap<>();
      info.put("Git URL", Json.text(app, "git_url"));
      info.put("Web URL", Json.text(app, "web_url"));
      info.put("Owner", Json.text(app, "owner", "email"));
      info.put("Stack", Json.text(app, "stack", "name"));
      info.put("Maintenance", app.path("maintenance").asBoolean(false) ? "on" : "off");
      info.put("Created", Json.text(app, "created_at"));
      info.put("Released", Json.text(app, "released_at"));
      out.header(Json.text(app, "name"));
      out.keyValues(info);
    }
  }

  @Command(name = "apps:destroy", aliases = "destroy",
      description = "Destroy an app with its config vars, releases, formation and domains. Needs --confirm APP.",
      footer = {"", "Example:", "  paas apps:destroy -a my-app --confirm my-app"})
  public static final class Destroy extends AppCommand {
    @Option(names = "--confirm", paramLabel = "APP", description = "The app's name, to confirm.")
    private String confirm;

    public Destroy(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      if (confirm == null) {
        throw new CliException("this destroys " + app + " with its config vars, releases, formation and domains, for good"
            + "\nto proceed, re-run with --confirm " + app);
      }
      if (!confirm.equals(app)) {
        throw new CliException("--confirm " + confirm + " does not match the app " + app
            + "\nto destroy " + app + ", re-run with --confirm " + app);
      }
      try (Output.Action action = out.action("Destroying " + app)) {
        api().delete(ApiClient.path("apps", app));
        action.done();
      }
      Remotes.pointingAt(ctx, app, credentials().apiUrl()).forEach(remote -> {
        try {
          ctx.git().removeRemote(ctx.cwd(), remote);
          out.status("removed git remote " + remote);
        } catch (CliException e) {
          out.error("could not remove git remote " + remote + ": " + e.getMessage());
        }
      });
    }
  }

  @Command(name = "apps:rename", aliases = "rename", description = "Rename an app; its git remotes here follow.",
      footer = {"", "Example:", "  paas apps:rename new-name -a old-name"})
  public static final class Rename extends AppCommand {
    @Parameters(paramLabel = "NEWNAME", description = "The new name: ^" + AppName.REGEX + "$.")
    private String newName;

    public Rename(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      List<String> remotes = Remotes.pointingAt(ctx, app, credentials().apiUrl());
      JsonNode renamed;
      try (Output.Action action = out.action("Renaming " + app + " to " + newName)) {
        renamed = api().patch(ApiClient.path("apps", app), Json.object().put("name", newName));
        action.done();
      }
      out.line(Json.text(renamed, "web_url") + " | " + Json.text(renamed, "git_url"));
      String gitUrl = Json.text(renamed, "git_url");
      for (String remote : remotes) {
        ctx.git().setRemoteUrl(ctx.cwd(), remote, gitUrl);
        out.status("set git remote " + remote + " to " + gitUrl);
      }
    }
  }
}
