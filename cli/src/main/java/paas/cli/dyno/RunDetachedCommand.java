package paas.cli.dyno;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.logs.LogStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * run:detached, as Heroku's: a one-off dyno whose output goes to the log stream; with --tail its
 * lines follow here. Its options may stand anywhere before "--", as those of run ({@link RunLine}).
 */
@Command(name = "run:detached",
    description = "Run a command in a detached one-off dyno of the current release; its output goes to the app's logs.",
    footer = {"", "paas's options may come anywhere before --; every other argument is the command's.", "",
        "Examples:", "  paas run:detached rake db:migrate -a my-app", "  paas run:detached --tail -s Standard-2X node job.js -a my-app"})
public final class RunDetachedCommand extends AppCommand {
  @Option(names = {"-e", "--env"}, paramLabel = "K=V;K2=V2",
      description = "Environment variables for this dyno on top of the config vars, separated by ';' (may be repeated).")
  private List<String> env = new ArrayList<>();

  @Option(names = {"-s", "--size"}, paramLabel = "SIZE", description = "The dyno size, e.g. Standard-2X, in any case (default: the platform's).")
  private String size;

  @Option(names = {"-t", "--tail"}, description = "Stream the dyno's log lines here until Ctrl-C.")
  private boolean tail;

  @Option(names = "--type", paramLabel = "TYPE", description = "The one-off's process type; only run, the default, here.")
  private String type;

  @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments, joined with spaces.")
  private List<String> command = new ArrayList<>();

  public RunDetachedCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    Map<String, String> vars = parsed(() -> RunCommand.parseEnv(env));
    String line = String.join(" ", command);
    if (line.isBlank()) {
      throw usage("the command is empty: give the command to run, e.g. `paas run:detached rake db:migrate`");
    }
    if (type != null && !type.equals(PsLayout.ONE_OFF_TYPE)) {
      throw usage("--type " + type + ": one-off dynos are of type run here; leave --type out");
    }
    String app = app();
    ObjectNode body = Json.object().put("command", line);
    if (!vars.isEmpty()) {
      ObjectNode envNode = body.putObject("env");
      vars.forEach(envNode::put);
    }
    if (size != null) {
      body.put("size", size);
    }
    String name = DetachedStart.start(api(), out, app, body, !tail);
    if (tail) {
      LogStream.show(api(), out, app, LogStream.followDyno(name), out.colorOnStdout());
    }
  }
}
