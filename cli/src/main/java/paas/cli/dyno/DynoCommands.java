package paas.cli.dyno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
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

/** ps, ps:restart and ps:stop. */
public final class DynoCommands {
  private DynoCommands() {}

  static String dynosPath(String app) {
    return ApiClient.path("apps", app, "dynos");
  }

  /** "web.1 dyno" for a dyno's name, "web dynos" for a process type. */
  static String target(String typeOrName) {
    return typeOrName + (typeOrName.contains(".") ? " dyno" : " dynos");
  }

  @Command(name = "ps", description = "List an app's dynos by process type, then its one-off dynos.",
      footer = {"", "Examples:", "  paas ps -a my-app", "  paas ps web -a my-app"})
  public static final class Ps extends AppCommand {
    @Parameters(paramLabel = "TYPE", arity = "0..1", description = "Only the dynos of this process type.")
    private String type;

    @Mixin
    private JsonOption json;

    public Ps(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      ArrayNode dynos = Json.MAPPER.createArrayNode();
      for (JsonNode dyno : api().get(dynosPath(app))) {
        if (type == null || Json.text(dyno, "type").equals(type)) {
          dynos.add(dyno);
        }
      }
      Listing.untitled().whenEmpty(type == null ? "No dynos on " + app : "No " + type + " dynos on " + app)
          .show(out, json, dynos, () -> print(PsLayout.groups(dynos, Instant.now())));
    }

    /** One "=== web (Standard-1X): npm start (2)" section a group, a blank line between them. */
    private void print(List<PsLayout.Group> groups) {
      for (int i = 0; i < groups.size(); i++) {
        if (i > 0) {
          out.line("");
        }
        out.header(groups.get(i).heading());
        out.lines(groups.get(i).lines());
      }
    }
  }

  @Command(name = "ps:restart", aliases = "restart",
      description = "Restart an app's dynos: all of them, those of one process type, or one dyno.",
      footer = {"", "Examples:", "  paas ps:restart -a my-app", "  paas ps:restart web -a my-app",
          "  paas ps:restart web.1 -a my-app"})
  public static final class Restart extends AppCommand {
    @Parameters(paramLabel = "TYPE|DYNO", arity = "0..1", description = "A process type (web) or a dyno (web.1).")
    private String which;

    public Restart(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      String what = which == null ? "dynos" : target(which);
      out.action("Restarting " + what + " on " + app,
          () -> api().delete(which == null ? dynosPath(app) : dynosPath(app) + ApiClient.path(which)));
    }
  }

  @Command(name = "ps:stop", aliases = "stop",
      description = "Stop a dyno, or the dynos of a process type; formation dynos are started again by the formation.",
      footer = {"", "Examples:", "  paas ps:stop run.4312 -a my-app", "  paas ps:stop web.2 -a my-app"})
  public static final class Stop extends AppCommand {
    @Parameters(paramLabel = "TYPE|DYNO", description = "A process type (worker) or a dyno (run.4312).")
    private String which;

    public Stop(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      out.action("Stopping " + target(which) + " on " + app,
          () -> api().post(dynosPath(app) + ApiClient.path(which, "actions", "stop"), null));
    }
  }
}
