package paas.cli.access;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
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

/** access, access:add and access:remove: who may work on an app besides its owner, as Heroku's. */
public final class AccessCommands {
  private AccessCommands() {}

  static String collaboratorsPath(String app) {
    return ApiClient.path("apps", app, "collaborators");
  }

  @Command(name = "access", description = "List who has access to an app: its owner and its collaborators.",
      footer = {"", "Example:", "  paas access -a my-app"})
  public static final class Access extends AppCommand {
    @Mixin
    private JsonOption json;

    public Access(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      JsonNode members = api().get(collaboratorsPath(app()));
      List<JsonNode> byEmail = new ArrayList<>();
      members.forEach(byEmail::add);
      byEmail.sort(Comparator.comparing(m -> Json.text(m, "user", "email")));
      Listing.untitled().show(out, json, members, () -> {
        List<List<String>> rows = byEmail.stream()
            .map(m -> List.of(Json.text(m, "user", "email"), Json.text(m, "role"))).toList();
        out.table(List.of("Email", "Role"), rows);
      });
    }
  }

  @Command(name = "access:add", description = "Give a user access to the app as a collaborator (the owner's or an"
      + " admin's to do). A collaborator deploys, scales, sets config, runs one-offs and reads logs; only the owner"
      + " destroys, renames or transfers the app and manages its collaborators.",
      footer = {"", "Example:", "  paas access:add dev@example.com -a my-app"})
  public static final class Add extends AppCommand {
    @Parameters(paramLabel = "EMAIL", description = "The email of a user of this platform.")
    private String email;

    public Add(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      out.action("Adding " + email + " access to the app " + app,
          () -> api().post(collaboratorsPath(app), Json.object().put("user", email)));
    }
  }

  @Command(name = "access:remove", description = "Take a collaborator's access to the app away (the owner's or an"
      + " admin's to do; a collaborator may remove themselves). What they have open on the app ends.",
      footer = {"", "Example:", "  paas access:remove dev@example.com -a my-app"})
  public static final class Remove extends AppCommand {
    @Parameters(paramLabel = "EMAIL", description = "The collaborator's email.")
    private String email;

    public Remove(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      String app = app();
      out.action("Removing " + email + " access from the app " + app,
          () -> api().delete(collaboratorsPath(app) + ApiClient.path(email)));
    }
  }
}
