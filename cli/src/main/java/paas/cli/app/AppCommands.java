package paas.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import paas.cli.access.AppsListing;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Git;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import paas.cli.git.Remotes;
import paas.vocabulary.AppName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** apps, apps:create, apps:info, apps:open, apps:destroy and apps:rename. */
public final class AppCommands {
  private AppCommands() {}

  /** "web URL | git URL": what apps:create and apps:rename print of the app. */
  static String urls(JsonNode app) {
    return Json.text(app, "web_url") + " | " + Json.text(app, "git_url");
  }

  @Command(name = "apps", description = "List your apps, then the apps you collaborate on (for an admin, every"
      + " other app).", footer = {"", "Example:", "  paas apps"})
  public static final class Apps extends BaseCommand {
    @Mixin
    private JsonOption json;

    public Apps(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      JsonNode apps = api().getAll("/apps", "name ..; max=1000");
      Listing.untitled().whenEmpty("You have no apps. Create one with `paas apps:create`.").show(out, json, apps,
          () -> AppsListing.print(out, apps, Json.text(api().get("/account"), "email")));
    }
  }

  @Command(name = "apps:create", aliases = "create",
      description = "Create an app (the platform picks a name when you give none) and add a git remote for it.",
      footer = {"", "Examples:", "  paas apps:create", "  paas apps:create my-app --remote staging",
          "  paas apps:create my-app -b heroku/nodejs"})
  public static final class Create extends BaseCommand {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The app's name: ^" + AppName.REGEX + "$.")
    private String name;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", defaultValue = "paas", description = "The git remote to add (default: ${DEFAULT-VALUE}).")
    private String remote;

    @Option(names = "--no-remote", description = "Do not add a git remote.")
    private boolean noRemote;

    @Option(names = {"-b", "--buildpack"}, paramLabel = "BUILDPACK",
        description = "The buildpack the app's builds run (a name such as nodejs or heroku/nodejs, a git URL or a path), as buildpacks:set sets it.")
    private String buildpack;

    @Mixin
    private JsonOption json;

    public Create(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      ObjectNode body = Json.objectWith("name", name);
      JsonNode app = out.action("Creating " + (name != null ? name : "app"), () -> api().post("/apps", body),
          created -> name != null ? "" : Json.text(created, "name"));
      if (buildpack != null) {
        String created = Json.text(app, "name");
        ObjectNode updates = Json.object();
        updates.putArray("updates").addObject().put("buildpack", buildpack);
        try {
          out.action("Setting buildpack of " + created + " to " + buildpack,
              () -> api().put(ApiClient.path("apps", created, "buildpack-installations"), updates));
        } catch (CliException e) {
          throw new CliException("created " + created + ", but its buildpack was not set: " + e.getMessage()
              + "\nrun `paas buildpacks:set BUILDPACK -a " + created + "` to set it", e);
        }
      }
      json.print(out, app, () -> out.line(urls(app)));
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
      footer = {"", "Examples:", "  paas apps:info -a my-app", "  paas apps:info -s -a my-app"})
  public static final class Info extends AppCommand {
    @Option(names = {"-s", "--shell"}, description = "Print key=value lines, as Heroku's apps:info --shell does.")
    private boolean shell;

    @Option(names = {"-j", "--json"}, description = "Print the app with its add-ons, collaborators and dynos as JSON, as Heroku's apps:info --json does.")
    private boolean json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String name = app();
      JsonNode app = api().get(ApiClient.path("apps", name));
      if (shell || json) {
        AppDetails details = AppDetails.fetch(api(), app);
        if (json) {
          out.json(details.json());
        } else {
          out.lines(details.shellLines());
        }
        return;
      }
      out.section(Json.text(app, "name"), info(app));
    }

    private static Map<String, String> info(JsonNode app) {
      Map<String, String> info = new LinkedHashMap<>();
      info.put("Git URL", Json.text(app, "git_url"));
      info.put("Web URL", Json.text(app, "web_url"));
      info.put("Owner", Json.text(app, "owner", "email"));
      info.put("Stack", Json.text(app, "stack", "name"));
      info.put("Maintenance", app.path("maintenance").asBoolean(false) ? "on" : "off");
      info.put("Created", Json.text(app, "created_at"));
      info.put("Released", Json.text(app, "released_at"));
      return info;
    }
  }

  @Command(name = "apps:open", aliases = "open",
      description = "Open the app's web URL (with PATH added) in a browser: $BROWSER, else xdg-open; without one, print the URL.",
      footer = {"", "Examples:", "  paas apps:open -a my-app", "  paas apps:open /admin -a my-app"})
  public static final class Open extends AppCommand {
    @Parameters(paramLabel = "PATH", arity = "0..1", description = "A path on the app, such as /admin.")
    private String path;

    public Open(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String name = app();
      String webUrl = Json.text(api().get(ApiClient.path("apps", name)), "web_url");
      // What the browser is given comes from the API: only a web page, never file: or a command scheme.
      if (!webUrl.matches("(?i)https?://[^\\s]+")) {
        throw new CliException(name + " has no http(s) web URL (the API gave '" + webUrl + "')");
      }
      String url = parsed(() -> withPath(webUrl, path));
      Browser browser = new Browser(ctx);
      if (browser.command(url).isPresent()) {
        out.status("Opening " + url + "...");
        if (browser.open(url)) {
          return;
        }
        out.status("The browser (" + String.join(" ", browser.command(url).get()) + ") did not start.");
      } else {
        out.status("No browser found: set BROWSER, or install xdg-open. The app is at:");
      }
      out.line(url);
    }

    /** The web URL with a path on the app, as Heroku resolves it: "/admin" and "admin" both land at /admin. */
    static String withPath(String webUrl, String path) {
      if (path == null || path.isEmpty()) {
        return webUrl;
      }
      if (path.contains("://") || path.startsWith("//")) {
        throw new IllegalArgumentException("'" + path + "' is not a path on the app: give one like /admin");
      }
      return java.net.URI.create(webUrl).resolve(path.startsWith("/") ? path : "/" + path).toString();
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
      requireConfirmation(app, confirm, "This will delete " + app + " with its config vars, releases, formation and"
          + " domains, for good,\nand the add-ons it owns that no other app uses.");
      out.action("Destroying " + app, () -> api().delete(ApiClient.path("apps", app)));
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
      JsonNode renamed = out.action("Renaming " + app + " to " + newName,
          () -> api().patch(ApiClient.path("apps", app), Json.object().put("name", newName)));
      out.line(urls(renamed));
      String gitUrl = Json.text(renamed, "git_url");
      for (String remote : remotes) {
        ctx.git().setRemoteUrl(ctx.cwd(), remote, gitUrl);
        out.status("set git remote " + remote + " to " + gitUrl);
      }
    }
  }
}
