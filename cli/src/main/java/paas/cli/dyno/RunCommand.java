package paas.cli.dyno;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import paas.cli.command.AppCommand;
import paas.cli.config.ConfigAssignments;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.ExitCodes;
import paas.cli.core.Json;
import paas.cli.core.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * run: a one-off dyno, attached to this terminal (stdin, stdout, stderr and the terminal itself)
 * or detached with its output in the log stream. Attached, paas exits with the command's status.
 * As on Heroku, this command's options may stand anywhere before "--" and every other argument is
 * the command's ({@link RunLine}): `paas run ls -la -a my-app` runs `ls -la` on my-app. With a
 * terminal, the dyno's starts at this one's size (COLUMNS and LINES too) and follows its resizes.
 */
@Command(name = "run",
    description = "Run a command in a one-off dyno of the current release, attached to this terminal; "
        + "paas exits with the command's exit code.",
    footer = {"", "paas's options may come anywhere before --; every other argument (an unknown option like -la too)",
        "is the command's, and so is everything after --.", "",
        "Examples:", "  paas run bash -a my-app", "  paas run rake db:migrate -a my-app", "  paas run -a my-app -- ls -a /app",
        "  paas run -a my-app -d -e 'FOO=1;BAR=2' -s Standard-2X node scripts/migrate.js"})
public final class RunCommand extends AppCommand {
  @Option(names = {"-d", "--detached"}, description = "Start the dyno and return at once; its output goes to the log stream.")
  private boolean detached;

  @Option(names = {"-e", "--env"}, paramLabel = "K=V;K2=V2",
      description = "Environment variables for this dyno on top of the config vars, separated by ';' (may be repeated).")
  private List<String> env = new ArrayList<>();

  @Option(names = {"-s", "--size"}, paramLabel = "SIZE", description = "The dyno size, e.g. Standard-2X, in any case (default: the platform's).")
  private String size;

  @Option(names = "--no-tty", description = "Do not give the dyno a terminal, even when stdin and stdout are one.")
  private boolean noTty;

  @Option(names = {"-x", "--exit-code"}, description = "Exit with the command's exit code: always so here; accepted as Heroku's.")
  private boolean exitCode;

  @Option(names = "--type", paramLabel = "TYPE", description = "The one-off's process type; only run, the default, here.")
  private String type;

  @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The command and its arguments, joined with spaces.")
  private List<String> command = new ArrayList<>();

  public RunCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    Map<String, String> vars = parsed(() -> parseEnv(env));
    String line = String.join(" ", command);
    if (line.isBlank()) {
      throw usage("the command is empty: give the command to run, e.g. `paas run bash`");
    }
    if (type != null && !type.equals("run")) {
      throw usage("--type " + type + ": one-off dynos are of type run here; leave --type out");
    }
    String app = app();
    boolean tty = !detached && !noTty && ctx.ttys().stdin() && ctx.ttys().stdout();
    Optional<CliContext.Size> window = tty ? ctx.terminal().size() : Optional.empty();
    if (tty) {
      // Programs in the remote terminal need to know what they draw on and its size, as Heroku's
      // run passes them; the dyno's terminal starts at LINES x COLUMNS.
      ctx.env("TERM").filter(term -> !vars.containsKey("TERM")).ifPresent(term -> vars.put("TERM", term));
      window.ifPresent(s -> {
        vars.putIfAbsent("COLUMNS", Integer.toString(s.columns()));
        vars.putIfAbsent("LINES", Integer.toString(s.rows()));
      });
    }
    ObjectNode body = Json.object().put("command", line).put("attach", !detached);
    if (!vars.isEmpty()) {
      ObjectNode envNode = body.putObject("env");
      vars.forEach(envNode::put);
    }
    if (size != null) {
      body.put("size", size);
    }
    if (detached) {
      DetachedStart.start(api(), out, app, body.put("tty", false), true);
      return;
    }
    body.put("tty", tty);
    String path = DynoCommands.dynosPath(app);
    String running = "Running `" + line + "` on " + out.app(app);
    String name;
    RunSession session;
    try (Output.Action action = out.action(running)) {
      JsonNode dyno = api().post(path, body);
      name = Json.text(dyno, "name");
      String attachUrl = Json.text(dyno, "attach_url");
      if (attachUrl.isEmpty()) {
        throw new CliException("the API made " + name + " without an attach_url, so there is nothing to attach to;"
            + " run it with --detached and read its output with `paas logs --dyno " + name + "`");
      }
      session = RunSession.open(attachUrl, credentials().token().orElse(""), "paas-cli/" + ctx.version(), api());
      action.finish("up, " + name);
    }
    int status;
    try (session) {
      CliContext.Restore terminal = tty ? ctx.terminal().raw() : () -> {};
      CliContext.Restore following = tty ? followSize(session) : () -> {};
      try {
        status = session.relay(ctx.stdin(), ctx.out(), ctx.err(), name);
      } finally {
        following.close();
        // Before any error is printed, and before the socket closes.
        terminal.close();
      }
    }
    exitWith(exitCode(status));
  }

  /**
   * Gives the dyno's terminal this one's size now (it may have changed since the request) and at
   * every resize of the window until closed.
   */
  private CliContext.Restore followSize(RunSession session) {
    Runnable tell = () -> ctx.terminal().size().ifPresent(s -> session.resize(s.rows(), s.columns()));
    CliContext.Restore following = ctx.terminal().onResize(tell);
    tell.run();
    return following;
  }

  /**
   * The arguments after {@code run} in the order picocli reads them: this command's options, then
   * {@code --} and the command's words (see {@link RunLine}).
   */
  public static List<String> inReadingOrder(List<String> args, CommandSpec run) {
    return RunLine.reorder(args, run);
  }

  /** The remote status as a process exit code: 0 to 255 as they are, anything else a failure. */
  static int exitCode(int status) {
    return status >= 0 && status <= 255 ? status : ExitCodes.FAILED;
  }

  /**
   * "-e 'A=1;B=2' -e C=3" as {A=1, B=2, C=3}; a value is everything after the first '=' of its
   * part, so it cannot hold ';'.
   *
   * @throws IllegalArgumentException naming the bad part and the rule
   */
  static Map<String, String> parseEnv(List<String> options) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (String option : options) {
      for (String part : option.split(";")) {
        if (part.isBlank()) {
          continue;
        }
        int eq = part.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("'" + part.strip() + "' in --env is not KEY=VALUE: write -e 'KEY=VALUE;KEY2=VALUE2'");
        }
        vars.put(ConfigAssignments.checkKey(part.substring(0, eq).strip()), part.substring(eq + 1));
      }
    }
    return vars;
  }
}
