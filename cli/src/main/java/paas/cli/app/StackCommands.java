package paas.cli.app;

import com.fasterxml.jackson.databind.JsonNode;
import paas.cli.api.ApiClient;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.vocabulary.StackName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** stack and stack:set, as Heroku's: the stack the app's next build uses. */
public final class StackCommands {

  private StackCommands() {}

  @Command(name = "stack", description = "Show the stacks and which one the app builds on.",
      footer = {"", "Example:", "  paas stack -a my-app"})
  public static final class Show extends AppCommand {
    public Show(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      JsonNode info = api().get(ApiClient.path("apps", app));
      String current = Json.text(info, "build_stack", "name");
      out.line("=== " + app + " Available Stacks");
      for (String stack : StackName.ALL) {
        out.line((stack.equals(current) ? "* " : "  ") + stack);
      }
    }
  }

  @Command(name = "stack:set",
      description = "Build the app on a stack from its next push: paas-bookworm (buildpacks) or container (its Dockerfile or heroku.yml).",
      footer = {"", "Examples:", "  paas stack:set container -a my-app", "  paas stack:set paas-bookworm -a my-app"})
  public static final class Set extends AppCommand {
    @Parameters(paramLabel = "STACK", description = "paas-bookworm or container.")
    private String stack;

    public Set(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      out.action("Setting stack to " + stack,
          () -> api().patch(ApiClient.path("apps", app), Json.object().put("build_stack", stack)));
      out.line("You will need to redeploy " + app + " for the change to take effect.");
      out.line("Run git push paas main to trigger a new build on " + app + ".");
    }
  }
}
