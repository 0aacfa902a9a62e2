package paas.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Confirmation;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.format.ShellQuote;
import paas.cli.release.Releases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** config, config:get, config:set, config:unset and config:edit. */
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

  @Command(name = "config:get",
      description = "Print config vars' values, one line each (an empty line for one that is unset, as Heroku does).",
      footer = {"", "Examples:", "  paas config:get DATABASE_URL -a my-app", "  paas config:get RAILS_ENV PORT -s -a my-app"})
  public static final class Get extends AppCommand {
    @Parameters(paramLabel = "KEY", arity = "1..*", description = "The config vars.")
    private List<String> keys;

    @Option(names = {"-s", "--shell"}, description = "Print KEY='value' lines.")
    private boolean shell;

    @Option(names = {"-j", "--json"}, description = "Print {\"key\": KEY, \"value\": VALUE} (null when unset); a list of them for several keys.")
    private boolean json;

    public Get(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      keys.forEach(key -> parsed(() -> ConfigAssignments.checkKey(key)));
      JsonNode vars = api().get(configPath(app()));
      if (json) {
        ArrayNode results = Json.MAPPER.createArrayNode();
        for (String key : keys) {
          ObjectNode result = results.addObject().put("key", key);
          JsonNode value = vars.path(key);
          if (value.isMissingNode() || value.isNull()) {
            result.putNull("value");
          } else {
            result.put("value", value.asText());
          }
        }
        out.json(results.size() == 1 ? results.get(0) : results);
        return;
      }
      for (String key : keys) {
        JsonNode value = vars.path(key);
        String text = value.isMissingNode() || value.isNull() ? "" : value.asText();
        out.value(shell ? ShellQuote.assignment(key, text) : text);
      }
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

  @Command(name = "config:edit",
      description = "Edit the config vars in $VISUAL or $EDITOR, see what changed, and apply it in one new release.",
      footer = {"", "The file holds KEY=VALUE lines as Heroku's config:edit writes them. Saving and closing the",
          "editor shows the changes and asks to confirm (without a terminal, --confirm APP confirms).", "",
          "Examples:", "  paas config:edit -a my-app", "  paas config:edit PRIVATE_KEY -a my-app",
          "  VISUAL='code --wait' paas config:edit -a my-app"})
  public static final class Edit extends Change {
    @Parameters(paramLabel = "KEY", arity = "0..1", description = "Edit only this var's value, as it is (a new var when unset).")
    private String key;

    @Option(names = "--confirm", paramLabel = "APP", description = "The app's name: apply the changes without asking.")
    private String confirm;

    public Edit(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      if (key != null) {
        parsed(() -> ConfigAssignments.checkKey(key));
      }
      String app = app();
      if (confirm != null && !confirm.equals(app)) {
        throw new CliException("Confirmation " + confirm + " did not match " + app + ". Aborted.");
      }
      // Asking needs a terminal; know it before the user spends time in the editor.
      if (confirm == null && (!ctx.ttys().stdin() || !ctx.ttys().stderr())) {
        throw new CliException("config:edit asks to confirm the changes on a terminal: run it on one, or with --confirm " + app);
      }
      Map<String, String> original = Json.sortedTexts(api().get(configPath(app)));
      Map<String, String> changed;
      if (key == null) {
        String edited = new Editor(ctx).edit(ConfigText.render(original), "paas-" + app + "-config-");
        changed = parsed(() -> ConfigText.parse(edited));
      } else {
        String value = original.getOrDefault(key, "");
        String edited = new Editor(ctx).edit(value, "paas-" + app + "-config-");
        // Editors end the file with a line break; one the value did not have is not part of it.
        changed = new java.util.TreeMap<>(original);
        changed.put(key, !value.endsWith("\n") && edited.endsWith("\n") ? edited.substring(0, edited.length() - 1) : edited);
      }
      if (changed.equals(original)) {
        out.warning("no changes to config");
        return;
      }
      out.line("");
      out.line("Config Diff:");
      out.lines(ConfigText.diff(original, changed));
      out.line("");
      confirm(app);
      if (!Json.sortedTexts(api().get(configPath(app))).equals(original)) {
        throw new CliException("the config vars of " + app + " changed while you edited them; nothing was changed:"
            + " run config:edit again");
      }
      ObjectNode body = Json.object();
      original.keySet().stream().filter(key -> !changed.containsKey(key)).forEach(body::putNull);
      changed.forEach((key, value) -> {
        if (!value.equals(original.get(key))) {
          body.put(key, value);
        }
      });
      patchAndRestart("Updating config", body);
    }

    private void confirm(String app) {
      if (confirm != null) {
        return;
      }
      ctx.err().print("Update config on " + out.app(app) + " with these values? [y/N] ");
      ctx.err().flush();
      String answer = Confirmation.readLine(ctx.stdin());
      if (answer == null || !List.of("y", "yes").contains(answer.strip().toLowerCase(java.util.Locale.ROOT))) {
        throw new CliException("Aborted; nothing was changed.");
      }
    }
  }
}
