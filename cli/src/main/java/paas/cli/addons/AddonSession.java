package paas.cli.addons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.ExitCodes;
import paas.cli.core.Json;
import paas.cli.dyno.RunSession;
import picocli.CommandLine.Option;

/**
 * A command that attaches this terminal to the add-on's own client (pg:psql, redis:cli): it asks
 * the API for a session ({@code POST /apps/{app}/addons/{id}/sessions}) and speaks the one-off
 * dyno protocol with its attach_url, as {@code paas run} does. With a terminal on stdin and stdout
 * the client gets one too (raw mode here, the terminal's TERM and size there, and every new size
 * the window takes); paas exits with the client's exit code.
 */
abstract class AddonSession extends AppCommand {
  @Option(names = "--no-tty", description = "Do not give the client a terminal, even when stdin and stdout are one.")
  private boolean noTty;

  AddonSession(CliContext ctx) {
    super(ctx);
  }

  /** Runs the session to its end and sets paas's exit code to the client's. */
  void attach(String app, ToolTarget.Target target, Optional<String> command) {
    boolean tty = !noTty && ctx.ttys().stdin() && ctx.ttys().stdout();
    ObjectNode body = Json.object();
    command.ifPresent(c -> body.put("command", c));
    body.put("tty", tty);
    if (tty) {
      ctx.env("TERM").filter(t -> !t.isBlank()).ifPresent(term -> body.put("term", term));
      ctx.terminal().size().ifPresent(size -> body.put("rows", size.rows()).put("columns", size.columns()));
    }
    out.status("--> Connecting to " + target.name());
    JsonNode session = api().post(AddonApi.appAddon(app, target.id()) + "/sessions", body);
    String attachUrl = Json.text(session, "attach_url");
    if (attachUrl.isEmpty()) {
      throw new CliException("the API answered no attach_url for " + target.name() + ", so there is nothing to"
          + " attach to; is it a paas API of this version?");
    }
    RunSession run = RunSession.open(attachUrl, credentials().token().orElse(""), "paas-cli/" + ctx.version(), api());
    int status;
    try (run) {
      CliContext.Restore terminal = tty ? ctx.terminal().raw() : () -> {};
      CliContext.Restore following = tty ? ctx.terminal().onResize(() -> ctx.terminal().size()
          .ifPresent(size -> run.resize(size.rows(), size.columns()))) : () -> {};
      try {
        status = run.relay(ctx.stdin(), ctx.out(), ctx.err(), target.name());
      } finally {
        following.close();
        terminal.close();
      }
    }
    exitWith(status >= 0 && status <= 255 ? status : ExitCodes.FAILED);
  }
}
