package paas.cli.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import paas.cli.core.Output;
import paas.vocabulary.ShippedBuildpacks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** buildpacks, buildpacks:set, buildpacks:add, buildpacks:remove and buildpacks:clear. */
public final class BuildpackCommands {
  /** Heroku's names the server maps to the built-in buildpacks (ShippedBuildpacks.HEROKU_NAMES; a test keeps them equal). */
  static final String HEROKU_NAMES = "heroku/nodejs, heroku/java, heroku/python, heroku/go, heroku/procfile,"
      + " heroku-community/static";

  private BuildpackCommands() {}

  static String installationsPath(String app) {
    return ApiClient.path("apps", app, "buildpack-installations");
  }

  /** The buildpacks of a list of installations, in their order: each one's url, else its name. */
  static List<String> buildpacks(JsonNode installations) {
    List<JsonNode> sorted = new ArrayList<>();
    installations.forEach(sorted::add);
    sorted.sort(Comparator.comparingInt(i -> i.path("ordinal").asInt()));
    List<String> buildpacks = new ArrayList<>();
    for (JsonNode installation : sorted) {
      String url = Json.text(installation, "buildpack", "url");
      buildpacks.add(url.isEmpty() ? Json.text(installation, "buildpack", "name") : url);
    }
    return buildpacks;
  }

  static List<String> current(ApiClient api, String app) {
    return buildpacks(api.get(installationsPath(app)));
  }

  /** Replaces the app's buildpacks with these, in order, and answers the list the API kept. */
  static List<String> replace(ApiClient api, String app, List<String> buildpacks) {
    ArrayNode updates = Json.MAPPER.createArrayNode();
    buildpacks.forEach(buildpack -> updates.addObject().put("buildpack", buildpack));
    ObjectNode body = Json.object();
    body.set("updates", updates);
    return buildpacks(api.put(installationsPath(app), body));
  }

  /** "Buildpack set. Next release on my-app will use nodejs.", or the numbered list when there are several. */
  static void report(Output out, String done, String app, List<String> buildpacks) {
    if (buildpacks.isEmpty()) {
      out.status(done + " Next release on " + app + " will detect buildpacks normally.");
    } else if (buildpacks.size() == 1) {
      out.status(done + " Next release on " + app + " will use " + buildpacks.getFirst() + ".");
    } else {
      out.status(done + " Next release on " + app + " will use:");
      for (String line : numbered(buildpacks)) {
        out.status("  " + line);
      }
    }
  }

  static List<String> numbered(List<String> buildpacks) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < buildpacks.size(); i++) {
      lines.add((i + 1) + ". " + buildpacks.get(i));
    }
    return lines;
  }

  /** The app's buildpacks as a list to add buildpack to; refused when the app has it already. */
  static List<String> currentForAdding(ApiClient api, String app, String buildpack) {
    List<String> buildpacks = new ArrayList<>(current(api, app));
    if (buildpacks.contains(buildpack)) {
      throw new CliException(buildpack + " is already buildpack " + (buildpacks.indexOf(buildpack) + 1) + " of " + app
          + ": `paas buildpacks -a " + app + "` lists them");
    }
    return buildpacks;
  }

  @Command(name = "buildpacks", description = "List the buildpacks an app's builds run, in order (none: detection picks one).",
      footer = {"", "Example:", "  paas buildpacks -a my-app"})
  public static final class Buildpacks extends AppCommand {
    @Mixin
    private JsonOption json;

    public Buildpacks(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode installations = api().get(installationsPath(app));
      Listing.titled(app + " Buildpack URLs")
          .whenEmpty(app + " has no buildpack set; detection picks one on each build ("
              + String.join(", ", ShippedBuildpacks.DETECTION_ORDER) + ")")
          .show(out, json, installations, () -> out.lines(numbered(buildpacks(installations))));
    }
  }

  @Command(name = "buildpacks:set",
      description = "Make one buildpack the app's only one, or with -i put it at that position of the app's list.",
      footer = {"", "Buildpacks: nodejs, java-maven, python, go, static, procfile, an https:// git URL, or an absolute path on the platform host.",
          "Heroku's names are accepted for the built-in ones: " + HEROKU_NAMES + ".",
          "", "Examples:", "  paas buildpacks:set nodejs -a my-app", "  paas buildpacks:set heroku/nodejs -a my-app", "  paas buildpacks:set -i 2 static -a my-app"})
  public static final class Set extends AppCommand {
    @Parameters(paramLabel = "BUILDPACK", description = "A buildpack name, git URL or path.")
    private String buildpack;

    @Option(names = {"-i", "--index"}, paramLabel = "N", description = "Replace the buildpack at position N (1 is the first; one past the last adds it at the end).")
    private Integer index;

    public Set(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      if (index != null && index < 1) {
        throw usage("--index counts from 1, not " + index);
      }
      String app = app();
      List<String> wanted;
      if (index == null) {
        wanted = List.of(buildpack);
      } else {
        wanted = currentForAdding(api(), app, buildpack);
        if (index > wanted.size() + 1) {
          throw new CliException("-i " + index + " is past the end: " + app + " has " + wanted.size() + " buildpack"
              + (wanted.size() == 1 ? "" : "s") + ", so give -i 1 to " + (wanted.size() + 1));
        }
        if (index <= wanted.size()) {
          wanted.set(index - 1, buildpack);
        } else {
          wanted.add(buildpack);
        }
      }
      report(out, "Buildpack set.", app, replace(api(), app, wanted));
    }
  }

  @Command(name = "buildpacks:add", description = "Add a buildpack at the end of the app's list.",
      footer = {"", "Example:", "  paas buildpacks:add static -a my-app"})
  public static final class Add extends AppCommand {
    @Parameters(paramLabel = "BUILDPACK", description = "A buildpack name, git URL or path.")
    private String buildpack;

    public Add(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      List<String> wanted = currentForAdding(api(), app, buildpack);
      wanted.add(buildpack);
      report(out, "Buildpack added.", app, replace(api(), app, wanted));
    }
  }

  @Command(name = "buildpacks:remove", description = "Remove a buildpack from the app's list.",
      footer = {"", "Example:", "  paas buildpacks:remove static -a my-app"})
  public static final class Remove extends AppCommand {
    @Parameters(paramLabel = "BUILDPACK", description = "The buildpack, as `paas buildpacks` lists it.")
    private String buildpack;

    public Remove(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      List<String> wanted = new ArrayList<>(current(api(), app));
      if (!wanted.remove(buildpack)) {
        throw new CliException(buildpack + " is not a buildpack of " + app + ": `paas buildpacks -a " + app
            + "` lists them");
      }
      report(out, "Buildpack removed.", app, replace(api(), app, wanted));
    }
  }

  @Command(name = "buildpacks:clear", description = "Remove all of the app's buildpacks, so each build detects one.",
      footer = {"", "Example:", "  paas buildpacks:clear -a my-app"})
  public static final class Clear extends AppCommand {
    public Clear(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      report(out, "Buildpacks cleared.", app, replace(api(), app, List.of()));
    }
  }
}
