package paas.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.release.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** config, config:get, config:set and config:unset. */
public final class ConfigCommands {
  private ConfigCommands() {}

  static String configPath(String app) {
    return ApiClient.path("apps", app, "config-vars");
  }

  /** config:set and config:unset: one PATCH of the vars, which makes a release and restarts the app. */
  private abstract static class Change extends AppCommand {
    Change(CliContext ctx) {
      super(ctx);
    }

    /** PATCHes the vars behind "Doing X and restarting app... done, vN"; answers the vars the API now holds. */
    JsonNode patchAndRestart(String doing, ObjectNode body) {
      String app = app();
      return out.action(doing + " and restarting " + app, () -> api().patch(configPath(app), body),
          vars -> Releases.newestVersion(api(), app));
    }
  }

  @Command(name = "config", description = "Show an app's config vars.",
      footer = {"", "Examples:", "  paas config -a my-app", "  eval \"$(paas config -s -a my-app)\""})
  public static final class Show extends AppCommand {
    @Option(names = {"-s", "--shell"}, description = "Print KEY='value' lines for a POSIX shell or a .env file.")
    private boolean shell;

    @Mixin
    private JsonOption json;

    public Show(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      JsonNode vars = api().get(configPath(app()));
      json.print(out, vars, () -> {
        if (shell) {
          Json.sortedTexts(vars).forEach((key, value) -> out.line(ShellQuote.assignment(key, value)));
        } else {
          out.section(app() + " Config Vars", Json.sortedTexts(vars));
        }
      });
    }
  }

  @Command(name = "config:get", description = "Print one config var's value (an empty line when it is unset, as Heroku does).",
      footer = {"", "Example:", "  paas config:get DATABASE_URL -a my-app"})
  public static final class Get extends AppCommand {
    @Parameters(paramLabel = "KEY", description = "The config var.")
    private String key;

    @Option(names = {"-s", "--shell"}, description = "Print KEY='value'.")
    private boolean shell;

    public Get(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      parsed(() -> ConfigAssignments.checkKey(key));
      JsonNode value = api().get(configPath(app())).path(key);
      String text = value.isMissingNode() || value.isNull() ? "" : value.asText();
      out.value(shell ? ShellQuote.assignment(key, text) : text);
    }
  }

  @Command(name = "config:set", aliases = "config:add",
      description = "Set config vars in one new release and restart the app.",
      footer = {"", "Example:", "  paas config:set RAILS_ENV=production 'GREETING=hello world' -a my-app"})
  public static final class Set extends Change {
    @Parameters(paramLabel = "KEY=VALUE", arity = "1..*", description = "The vars to set.")
    private List<String> assignments;

    public Set(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Map<String, String> vars = parsed(() -> ConfigAssignments.parse(assignments));
      ObjectNode body = Json.object();
      vars.forEach(body::put);
      JsonNode result = patchAndRestart("Setting " + String.join(", ", vars.keySet()), body);
      Map<String, String> shown = new LinkedHashMap<>();
      vars.forEach((key, value) -> shown.put(key, result.has(key) ? Json.text(result, key) : value));
      out.keyValues(shown);
    }
  }

  @Command(name = "config:unset", aliases = "config:remove",
      description = "Remove config vars in one new release and restart the app.",
      footer = {"", "Example:", "  paas config:unset OLD_KEY OTHER_KEY -a my-app"})
  public static final class Unset extends Change {
    @Parameters(paramLabel = "KEY", arity = "1..*", description = "The vars to remove.")
    private List<String> keys;

    public Unset(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      ObjectNode body = Json.object();
      for (String key : keys) {
        body.putNull(parsed(() -> ConfigAssignments.checkKey(key)));
      }
      patchAndRestart("Unsetting " + String.join(", ", new LinkedHashSet<>(keys)), body);
    }
  }
}
