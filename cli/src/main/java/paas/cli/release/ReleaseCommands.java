package paas.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** releases, releases:info, rollback and deploy:image. */
public final class ReleaseCommands {
  private static final int MAX_PAGE = 1000;

  private ReleaseCommands() {}

  private static String describe(JsonNode release) {
    String description = Json.text(release, "description");
    String status = Json.text(release, "status");
    return status.isEmpty() || status.equals("succeeded") ? description : description + " (" + status + ")";
  }

  @Command(name = "releases", description = "List an app's releases, newest first.",
      footer = {"", "Example:", "  paas releases -n 5 -a my-app"})
  public static final class ReleaseList extends AppCommand {
    @Option(names = {"-n", "--num"}, paramLabel = "N", defaultValue = "15", description = "How many releases to show (default: ${DEFAULT-VALUE}, at most 1000).")
    private int num;

    @Mixin
    private JsonOption json;

    public ReleaseList(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      if (num < 1 || num > MAX_PAGE) {
        throw usage("--num must be between 1 and " + MAX_PAGE + ", not " + num);
      }
      String app = app();
      JsonNode releases = api().get(ApiClient.path("apps", app, "releases"), Releases.newest(num));
      if (json.enabled()) {
        out.json(releases);
        return;
      }
      String current = "";
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode release : releases) {
        if (release.path("current").asBoolean(false)) {
          current = " - Current: v" + Json.text(release, "version");
        }
        rows.add(List.of("v" + Json.text(release, "version"), describe(release),
            Json.text(release, "user", "email"), Json.text(release, "created_at")));
      }
      out.header(app + " Releases" + current);
      out.table(null, rows);
    }
  }

  @Command(name = "releases:info", description = "Show one release (default: the current one) and its config vars.",
      footer = {"", "Examples:", "  paas releases:info -a my-app", "  paas releases:info v3 -a my-app"})
  public static final class Info extends AppCommand {
    @Parameters(paramLabel = "RELEASE", arity = "0..1", description = "vN, N or a release id.")
    private String ref;

    @Mixin
    private JsonOption json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String wanted = parse(ref);
      String app = app();
      JsonNode release = wanted == null
          ? Releases.current(Releases.recent(api(), app), app)
          : api().get(ApiClient.path("apps", app, "releases", wanted));
      if (json.enabled()) {
        out.json(release);
        return;
      }
      String version = Json.text(release, "version");
      JsonNode vars = api().get(ApiClient.path("apps", app, "releases", version, "config-vars"));
      Map<String, String> info = new LinkedHashMap<>();
      info.put("By", Json.text(release, "user", "email"));
      info.put("Change", Json.text(release, "description"));
      info.put("When", Json.text(release, "created_at"));
      String slug = Json.text(release, "slug", "id");
      info.put("Slug", slug.isEmpty() ? "(none)" : slug);
      List<String> types = new ArrayList<>();
      release.path("process_types").fieldNames().forEachRemaining(types::add);
      types.sort(null);
      info.put("Process types", types.isEmpty() ? "(none)" : String.join(", ", types));
      String status = Json.text(release, "status");
      if (!status.isEmpty() && !status.equals("succeeded")) {
        info.put("Status", status);
      }
      out.header("Release v" + version);
      out.keyValues(info);
      out.line("");
      out.header("v" + version + " Config vars");
      Map<String, String> sorted = new TreeMap<>();
      vars.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
      out.keyValues(sorted);
    }

    private String parse(String value) {
      try {
        return value == null ? null : Releases.parseRef(value);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
  }

  @Command(name = "rollback", aliases = "releases:rollback",
      description = "Make a new release with an earlier release's slug, config vars and process types (default: the one before the current).",
      footer = {"", "Examples:", "  paas rollback -a my-app", "  paas rollback v3 -a my-app"})
  public static final class Rollback extends AppCommand {
    @Parameters(paramLabel = "RELEASE", arity = "0..1", description = "vN, N or a release id.")
    private String ref;

    public Rollback(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String wanted;
      try {
        wanted = ref == null ? null : Releases.parseRef(ref);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      String app = app();
      JsonNode target = wanted != null
          ? api().get(ApiClient.path("apps", app, "releases", wanted))
          : Releases.beforeCurrent(Releases.recent(api(), app), app)
              .orElseThrow(() -> new CliException(app + " has no earlier succeeded release to roll back to"));
      String id = Json.text(target, "id").isEmpty() ? Json.text(target, "version") : Json.text(target, "id");
      try (Output.Action action = out.action("Rolling back " + app + " to v" + Json.text(target, "version"))) {
        JsonNode created = api().post(ApiClient.path("apps", app, "releases"), Json.object().put("release", id));
        action.done("v" + Json.text(created, "version"));
      }
    }
  }

  @Command(name = "deploy:image",
      description = "Release an image that is on the platform's Docker engine; its CMD is the web process. Roll back as usual.",
      footer = {"", "The engine does not pull: the operator loads images with docker load.", "",
          "Example:", "  paas deploy:image team/web:1.4 -a my-app"})
  public static final class DeployImage extends AppCommand {
    @Parameters(paramLabel = "IMAGE", description = "An image name (team/web:1.4) or ID.")
    private String image;

    public DeployImage(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      try (Output.Action action = out.action("Releasing image " + image + " to " + app)) {
        JsonNode created = api().post(ApiClient.path("apps", app, "releases"), Json.object().put("image", image));
        action.done("v" + Json.text(created, "version"));
      }
    }
  }
}
