package paas.cli.app;

import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import picocli.CommandLine.Command;

/** maintenance, maintenance:on and maintenance:off. */
public final class MaintenanceCommands {
  private MaintenanceCommands() {}

  @Command(name = "maintenance", description = "Print whether the app is in maintenance mode: on or off.",
      footer = {"", "Example:", "  paas maintenance -a my-app"})
  public static final class Show extends AppCommand {
    public Show(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      boolean on = api().get(ApiClient.path("apps", app())).path("maintenance").asBoolean(false);
      out.line(on ? "on" : "off");
    }
  }

  /** PATCH {"maintenance": on} with one progress line. */
  private abstract static class Toggle extends AppCommand {
    private final boolean on;

    Toggle(CliContext ctx, boolean on) {
      super(ctx);
      this.on = on;
    }

    @Override
    protected void run() {
      String app = app();
      out.action((on ? "Enabling" : "Disabling") + " maintenance mode for " + app,
          () -> api().patch(ApiClient.path("apps", app), Json.object().put("maintenance", on)));
    }
  }

  @Command(name = "maintenance:on",
      description = "Put the app in maintenance mode: the router answers its requests with a maintenance page (H80); dynos keep running.",
      footer = {"", "Example:", "  paas maintenance:on -a my-app"})
  public static final class On extends Toggle {
    public On(CliContext ctx) {
      super(ctx, true);
    }
  }

  @Command(name = "maintenance:off", description = "Take the app out of maintenance mode: the router sends requests to its dynos again.",
      footer = {"", "Example:", "  paas maintenance:off -a my-app"})
  public static final class Off extends Toggle {
    public Off(CliContext ctx) {
      super(ctx, false);
    }
  }
}
