package paas.cli.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** builds, builds:info and builds:output. */
public final class BuildCommands {
  private BuildCommands() {}

  @Command(name = "builds", description = "List an app's builds, newest first.",
      footer = {"", "Example:", "  paas builds -n 5 -a my-app"})
  public static final class BuildList extends AppCommand {
    @Option(names = {"-n", "--num"}, paramLabel = "N", defaultValue = "10", description = "How many builds to show (default: ${DEFAULT-VALUE}).")
    private int num;

    @Mixin
    private JsonOption json;

    public BuildList(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      if (num < 1) {
        throw usage("--num must be 1 or more, not " + num);
      }
      String app = app();
      List<JsonNode> builds = Builds.newestFirst(api(), app);
      ArrayNode shown = Json.MAPPER.createArrayNode().addAll(builds.subList(0, Math.min(num, builds.size())));
      Listing.titled(app + " Builds").whenEmpty(Builds.noBuilds(app)).table(out, json, shown,
          build -> List.of(Builds.shortId(build), Json.text(build, "status"), Builds.shortCommit(build),
              Json.text(build, "user", "email"), Json.text(build, "created_at")));
    }
  }

  @Command(name = "builds:info", description = "Show one build (default: the newest).",
      footer = {"", "Examples:", "  paas builds:info -a my-app", "  paas builds:info 0123abcd -a my-app"})
  public static final class Info extends AppCommand {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "The build's id, or its first 8 or more characters.")
    private String ref;

    @Mixin
    private JsonOption json;

    public Info(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String wanted = ref == null ? null : parsed(() -> Builds.parseRef(ref));
      JsonNode build = Builds.get(api(), app(), wanted);
      json.print(out, build, () -> out.section("Build " + Json.text(build, "id"), info(build)));
    }

    private static Map<String, String> info(JsonNode build) {
      Map<String, String> info = new LinkedHashMap<>();
      info.put("Status", Json.text(build, "status"));
      info.put("Commit", Json.text(build, "source_blob", "version"));
      info.put("By", Json.text(build, "user", "email"));
      info.put("Created", Json.text(build, "created_at"));
      info.put("Updated", Json.text(build, "updated_at"));
      info.put("Slug", orNone(Json.text(build, "slug", "id")));
      info.put("Release", orNone(Json.text(build, "release", "id")));
      return info;
    }

    private static String orNone(String value) {
      return value.isEmpty() ? "(none)" : value;
    }
  }

  @Command(name = "builds:output", description = "Print a build's output (default: the newest build's) as it was streamed to git.",
      footer = {"", "Examples:", "  paas builds:output -a my-app", "  paas builds:output 0123abcd -a my-app > build.log"})
  public static final class BuildOutput extends AppCommand {
    @Parameters(paramLabel = "ID", arity = "0..1", description = "The build's id, or its first 8 or more characters.")
    private String ref;

    public BuildOutput(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String wanted = ref == null ? null : parsed(() -> Builds.parseRef(ref));
      String app = app();
      String id = Builds.id(api(), app, wanted);
      JsonNode output = api().get(ApiClient.path("apps", app, "builds", id, "output"));
      if (Json.text(output, "status").equals("pending")) {
        out.status("Build " + id + " is still running; its output so far follows.");
      }
      out.raw(Json.text(output, "output"));
    }
  }
}
