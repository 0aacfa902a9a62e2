package paas.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Output;
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

  static Map<String, String> sorted(JsonNode vars) {
    Map<String, String> sorted = new TreeMap<>();
    vars.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    return sorted;
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
      if (json.enabled()) {
        out.json(vars);
        return;
      }
      Map<String, String> sorted = sorted(vars);
      if (shell) {
        sorted.forEach((key, value) -> out.line(ShellQuote.assignment(key, value)));
        return;
      }
      out.header(app() + " Config Vars");
      out.keyValues(sorted);
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
      try {
        ConfigAssignments.checkKey(key);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      JsonNode value = api().get(configPath(app())).path(key);
      String text = value.isMissingNode() || value.isNull() ? "" : value.asText();
      out.line(shell ? ShellQuote.assignment(key, text) : text);
    }
  }

  @Command(name = "config:set", aliases = "config:add",
      description = "Set config vars in one new release and restart the app.",
      footer = {"", "Example:", "  paas config:set RAILS_ENV=production 'GREETING=hello world' -a my-app"})
  public static final class Set extends AppCommand {
    @Parameters(paramLabel = "KEY=VALUE", arity = "1..*", description = "The vars to set.")
    private List<String> assignments;

    public Set(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Map<String, String> vars;
      try {
        vars = ConfigAssignments.parse(assignments);
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      String app = app();
      ObjectNode body = Json.object();
      vars.forEach(body::put);
      JsonNode result;
      try (Output.Action action = out.action("Setting " + String.join(", ", vars.keySet()) + " and restarting " + app)) {
        result = api().patch(configPath(app), body);
        action.done(Releases.newestVersion(api(), app));
      }
      Map<String, String> shown = new LinkedHashMap<>();
      vars.forEach((key, value) -> shown.put(key, result.has(key) ? Json.text(result, key) : value));
      out.keyValues(shown);
    }
  }

  @Command(name = "config:unset", aliases = "config:remove",
      description = "Remove config vars in one new release and restart the app.",
      footer = {"", "Example:", "  paas config:unset OLD_KEY OTHER_KEY -a my-app"})
  public static final class Unset extends AppCommand {
    @Parameters(paramLabel = "KEY", arity = "1..*", description = "The vars to remove.")
    private List<String> keys;

    public Unset(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      ObjectNode body = Json.object();
      try {
        keys.forEach(key -> body.putNull(ConfigAssignments.checkKey(key)));
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
      String app = app();
      String names = String.join(", ", new java.util.LinkedHashSet<>(keys));
      try (Output.Action action = out.action("Unsetting " + names + " and restarting " + app)) {
        api().patch(configPath(app), body);
        action.done(Releases.newestVersion(api(), app));
      }
    }
  }
}
