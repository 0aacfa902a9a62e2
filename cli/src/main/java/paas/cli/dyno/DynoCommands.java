package paas.cli.dyno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** ps, ps:restart and ps:stop (ps:kill). */
public final class DynoCommands {
  private DynoCommands() {}

  static String dynosPath(String app) {
    return ApiClient.path("apps", app, "dynos");
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

  @Command(name = "ps:restart", aliases = {"restart", "dyno:restart"},
      description = "Restart an app's dynos: all of them, those of one process type, or one dyno.",
      footer = {"", "Examples:", "  paas ps:restart -a my-app", "  paas ps:restart --process-type web -a my-app",
          "  paas ps:restart --dyno-name web.1 -a my-app"})
  public static final class Restart extends AppCommand {
    @Mixin
    private DynoChoice choice;

    public Restart(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Optional<DynoChoice.Target> target = parsed(choice::target);
      String app = app();
      String what = target.map(DynoChoice.Target::shown).orElse("all dynos");
      String path = dynosPath(app) + target.map(t -> ApiClient.path(t.name())).orElse("");
      out.action("Restarting " + what + " on " + out.app(app), () -> api().delete(path));
    }
  }

  @Command(name = "ps:stop", aliases = {"stop", "ps:kill", "kill", "dyno:stop", "dyno:kill"},
      description = "Stop a dyno, or the dynos of a process type; formation dynos are started again by the formation.",
      footer = {"", "Examples:", "  paas ps:stop --dyno-name run.4312 -a my-app", "  paas ps:stop --process-type worker -a my-app",
          "  paas ps:kill web.2 -a my-app"})
  public static final class Stop extends AppCommand {
    @Mixin
    private DynoChoice choice;

    public Stop(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      DynoChoice.Target target = parsed(choice::target).orElseThrow(
          () -> usage("name what to stop: --process-type TYPE, --dyno-name DYNO, or TYPE|DYNO"));
      String app = app();
      out.action("Stopping " + target.shown() + " on " + out.app(app),
          () -> api().post(dynosPath(app) + ApiClient.path(target.name(), "actions", "stop"), null));
    }
  }
}
