package paas.cli.logs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** drains, drains:add and drains:remove. */
public final class DrainCommands {
  private DrainCommands() {}

  static String drainsPath(String app) {
    return ApiClient.path("apps", app, "log-drains");
  }

  /** A drain as Heroku's drains prints it: "URL  (TOKEN)", the URLs aligned. */
  static List<String> row(JsonNode drain) {
    return List.of(Json.text(drain, "url"), "(" + Json.text(drain, "token") + ")");
  }

  @Command(name = "drains", description = "List an app's log drains with their tokens.",
      footer = {"", "Example:", "  paas drains -a my-app"})
  public static final class Drains extends AppCommand {
    @Mixin
    private JsonOption json;

    public Drains(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      Listing.titled(app + " Drains").whenEmpty("No drains for " + app)
          .table(out, json, api().get(drainsPath(app)), DrainCommands::row);
    }
  }

  @Command(name = "drains:add",
      description = "Send the app's log stream to a syslog+tcp://, syslog+tls:// or https:// endpoint.",
      footer = {"", "Examples:", "  paas drains:add syslog+tls://logs.example.com:6514 -a my-app",
          "  paas drains:add https://user:pass@logs.example.com/ingest -a my-app"})
  public static final class Add extends AppCommand {
    @Parameters(paramLabel = "URL", description = "syslog+tcp://HOST:PORT, syslog+tls://HOST:PORT or https://HOST[:PORT]/PATH.")
    private String url;

    public Add(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode drain = api().post(drainsPath(app), Json.object().put("url", url));
      String added = Json.text(drain, "url");
      out.status("Successfully added drain " + (added.isEmpty() ? url : added));
      out.table(null, List.of(row(drain)));
    }
  }

  @Command(name = "drains:remove", description = "Stop sending the app's log stream to a drain.",
      footer = {"", "Examples:", "  paas drains:remove syslog+tls://logs.example.com:6514 -a my-app",
          "  paas drains:remove 0123abcd-... -a my-app"})
  public static final class Remove extends AppCommand {
    @Parameters(paramLabel = "ID|URL", description = "The drain's id or its URL, as `paas drains --json` shows them.")
    private String drain;

    public Remove(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode removed = api().delete(drainsPath(app) + ApiClient.path(drain));
      String url = Json.text(removed, "url");
      out.status("Successfully removed drain " + (url.isEmpty() ? drain : url));
    }
  }
}
