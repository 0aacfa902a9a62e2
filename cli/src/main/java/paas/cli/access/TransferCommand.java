package paas.cli.access;

import paas.cli.command.AppCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * apps:transfer: Heroku's command, done at once. Heroku asks the recipient to accept; here the
 * owner (or an admin) hands the app over directly, so there is no pending transfer to accept.
 */
@Command(name = "apps:transfer", description = "Make another user the app's owner, at once. The owner transfers"
    + " to one of the app's collaborators (`paas access:add` first); an admin to any user. The previous owner stays"
    + " on as a collaborator.",
    footer = {"", "Example:", "  paas apps:transfer dev@example.com -a my-app"})
public final class TransferCommand extends AppCommand {
  @Parameters(paramLabel = "RECIPIENT", description = "The email of the user who gets the app.")
  private String recipient;

  public TransferCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  protected void run() {
    String app = app();
    out.action("Transferring " + app + " to " + recipient,
        () -> api().post("/account/app-transfers", Json.object().put("app", app).put("recipient", recipient)));
  }
}
