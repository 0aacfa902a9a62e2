package paas.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import paas.cli.api.ApiClient;
import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** An admin's user controls: users, users:disable, users:enable and users:destroy. */
public final class UserCommands {
  private UserCommands() {}

  @Command(name = "users", description = "List the platform's users (admins only).",
      footer = {"", "Example:", "  paas users"})
  public static final class Users extends BaseCommand {
    @Mixin
    private JsonOption json;

    public Users(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Listing.untitled().columns("Email", "Role", "State", "Created").whenEmpty("There are no users.")
          .table(out, json, api().get("/users"), user -> List.of(Json.text(user, "email"),
              user.path("admin").asBoolean() ? "admin" : "user",
              user.path("disabled").asBoolean() ? "disabled" : "enabled", Json.text(user, "created_at")));
    }
  }

  @Command(name = "users:disable", description = "Disable a user (admins only): their tokens stop working at once,"
      + " their open log and run streams end; their apps keep running.",
      footer = {"", "Example:", "  paas users:disable dev@example.com"})
  public static final class Disable extends BaseCommand {
    @Parameters(paramLabel = "EMAIL", description = "The user's email.")
    private String email;

    public Disable(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      out.action("Disabling " + email, () -> api().patch(ApiClient.path("users", email), disabled(true)));
    }
  }

  @Command(name = "users:enable", description = "Enable a disabled user again (admins only); their tokens work again.",
      footer = {"", "Example:", "  paas users:enable dev@example.com"})
  public static final class Enable extends BaseCommand {
    @Parameters(paramLabel = "EMAIL", description = "The user's email.")
    private String email;

    public Enable(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      out.action("Enabling " + email, () -> api().patch(ApiClient.path("users", email), disabled(false)));
    }
  }

  @Command(name = "users:destroy", description = "Destroy a user and their tokens (admins only); refused while they"
      + " own apps. Needs --confirm EMAIL.",
      footer = {"", "Example:", "  paas users:destroy dev@example.com --confirm dev@example.com"})
  public static final class Destroy extends BaseCommand {
    @Parameters(paramLabel = "EMAIL", description = "The user's email.")
    private String email;

    @Option(names = "--confirm", paramLabel = "EMAIL", description = "The user's email again, to confirm.")
    private String confirm;

    public Destroy(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      requireConfirmation(email, confirm, "This will destroy the user " + email + " and their tokens, for good.");
      out.action("Destroying user " + email, () -> api().delete(ApiClient.path("users", email)));
    }
  }

  private static JsonNode disabled(boolean disabled) {
    return Json.object().put("disabled", disabled);
  }
}
