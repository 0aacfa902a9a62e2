package paas.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import paas.cli.api.ApiClient;
import paas.cli.api.ApiException;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import paas.cli.format.ShellQuote;
import paas.cli.core.Output;
import paas.cli.format.Ago;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** releases, releases:info, releases:output, rollback and deploy:image. */
public final class ReleaseCommands {
  private static final int MAX_PAGE = 1000;

  private ReleaseCommands() {}

  private static String describe(JsonNode release) {
    String description = Json.text(release, "description");
    return Releases.succeeded(release) ? description : description + " (" + Json.text(release, "status") + ")";
  }

  /** POSTs a new release behind the progress line "what... done, vN". */
  private static void release(Output out, ApiClient api, String app, String what, ObjectNode body) {
    out.action(what, () -> api.post(ApiClient.path("apps", app, "releases"), body),
        created -> "v" + Json.text(created, "version"));
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
      Ago ago = new Ago(ctx.clock());
      Listing.titled(app + " Releases" + currentMark(releases)).table(out, json, releases,
          release -> List.of("v" + Json.text(release, "version"), describe(release),
              Json.text(release, "user", "email"), ago.format(Json.text(release, "created_at"))));
    }

    /** " - Current: v4" when the listed releases hold the current one (the last so marked), else "". */
    private static String currentMark(JsonNode releases) {
      String mark = "";
      for (JsonNode release : releases) {
        if (release.path("current").asBoolean(false)) {
          mark = " - Current: v" + Json.text(release, "version");
        }
      }
      return mark;
    }
  }

  @Command(name = "releases:info", description = "Show one release (default: the current one) and its config vars.",
      footer = {"", "Examples:", "  paas releases:info -a my-app", "  paas releases:info v3 -a my-app"})
  public static final class Info extends AppCommand {
    @Parameters(paramLabel = "RELEASE", arity = "0..1", description = "vN, N or a release id.")
    private String ref;

    @Option(names = {"-s", "--shell"}, description = "Print the config vars as KEY='value' lines, as Heroku's releases:info --shell does.")
    private boolean shell;

    @Mixin
    private JsonOption json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String wanted = ref == null ? null : parsed(() -> Releases.parseRef(ref));
      String app = app();
      JsonNode release = wanted == null
          ? Releases.current(Releases.recent(api(), app), app)
          : api().get(ApiClient.path("apps", app, "releases", wanted));
      json.print(out, release, () -> {
        String version = Json.text(release, "version");
        JsonNode vars = api().get(ApiClient.path("apps", app, "releases", version, "config-vars"));
        out.section("Release v" + version, info(release));
        out.line("");
        if (shell) {
          out.header("v" + version + " Config vars");
          Json.sortedTexts(vars).forEach((key, value) -> out.value(ShellQuote.assignment(key, value)));
        } else {
          out.section("v" + version + " Config vars", Json.sortedTexts(vars));
        }
      });
    }

    private static Map<String, String> info(JsonNode release) {
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
      if (!Releases.succeeded(release)) {
        info.put("Status", Json.text(release, "status"));
      }
      if (release.has("eligible_for_rollback")) {
        info.put("Eligible for Rollback?", release.path("eligible_for_rollback").asBoolean() ? "Yes" : "No");
      }
      return info;
    }
  }

  @Command(name = "releases:output",
      description = "Print the output of a release (default: the newest): its release phase's, else that of the build that made it.",
      footer = {"", "Examples:", "  paas releases:output -a my-app", "  paas releases:output v7 -a my-app"})
  public static final class ReleaseOutput extends AppCommand {
    @Parameters(paramLabel = "RELEASE", arity = "0..1", description = "vN, N or a release id.")
    private String ref;

    public ReleaseOutput(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String wanted = ref == null ? null : parsed(() -> Releases.parseRef(ref));
      String app = app();
      JsonNode release = wanted == null
          ? Releases.newest(Releases.recent(api(), app), app)
          : api().get(ApiClient.path("apps", app, "releases", wanted));
      String version = Json.text(release, "version");
      String stream = Json.text(release, "output_stream_url");
      if (!stream.isEmpty()) {
        try {
          api().streamLines(stream, line -> {
            out.line(line);
            out.flush();
          });
        } catch (ApiException e) {
          if (e.status() != 404) {
            throw e;
          }
          out.warning("The release command of v" + version + " has not started yet. Try again in a few seconds.");
        }
        return;
      }
      // A release made by a push has the build's output, which ends with its release phase's.
      String id = Json.text(release, "id");
      for (JsonNode build : api().get(ApiClient.path("apps", app, "builds"))) {
        if (!id.isEmpty() && id.equals(Json.text(build, "release", "id"))) {
          out.raw(Json.text(api().get(ApiClient.path("apps", app, "builds", Json.text(build, "id"), "output")), "output"));
          return;
        }
      }
      out.warning("Release v" + version + " has no release output available.");
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
      String wanted = ref == null ? null : parsed(() -> Releases.parseRef(ref));
      String app = app();
      JsonNode target = wanted != null
          ? api().get(ApiClient.path("apps", app, "releases", wanted))
          : Releases.beforeCurrent(Releases.recent(api(), app), app)
              .orElseThrow(() -> new CliException(app + " has no earlier succeeded release with a slug to roll back to"));
      String id = Json.text(target, "id").isEmpty() ? Json.text(target, "version") : Json.text(target, "id");
      release(out, api(), app, "Rolling back " + app + " to v" + Json.text(target, "version"),
          Json.object().put("release", id));
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
      release(out, api(), app, "Releasing image " + image + " to " + app, Json.object().put("image", image));
    }
  }
}
