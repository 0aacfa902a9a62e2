package paas.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import paas.cli.api.ApiClient;
import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Listing;
import paas.cli.core.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** users:create and the authorizations (API tokens) commands. */
public final class TokenCommands {
  private TokenCommands() {}

  /**
   * A created user's or authorization's token: with --json all the API answered, else the token alone,
   * so that `TOKEN=$(paas authorizations:create)` works.
   */
  static void printToken(Output out, JsonOption json, JsonNode created) {
    json.print(out, created, () -> out.line(Json.text(created.path("access_token"), "token")));
  }

  @Command(name = "users:create", description = "Create a user (admins only) and print their first API token, shown only once.",
      footer = {"", "Example:", "  paas users:create dev@example.com"})
  public static final class UsersCreate extends BaseCommand {
    @Parameters(paramLabel = "EMAIL", description = "The new user's email.")
    private String email;

    @Mixin
    private JsonOption json;

    public UsersCreate(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      JsonNode user = out.action("Creating user " + email,
          () -> api().post("/users", Json.object().put("email", email)));
      printToken(out, json, user);
      out.status("This token is not shown again: hand it to " + email + ", who logs in with `paas login`.");
    }
  }

  @Command(name = "authorizations", description = "List your API tokens (never their secrets).",
      footer = {"", "Example:", "  paas authorizations"})
  public static final class Authorizations extends BaseCommand {
    @Mixin
    private JsonOption json;

    public Authorizations(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      Listing.untitled().columns("ID", "Description", "Created").whenEmpty("You have no authorizations.")
          .table(out, json, api().get("/oauth/authorizations"),
              token -> List.of(Json.text(token, "id"), Json.text(token, "description"), Json.text(token, "created_at")));
    }
  }

  @Command(name = "authorizations:create", description = "Create an API token and print it (shown only once).",
      footer = {"", "Example:", "  paas authorizations:create -d \"CI deploys\""})
  public static final class Create extends BaseCommand {
    @Option(names = {"-d", "--description"}, paramLabel = "DESCRIPTION", description = "What the token is for.")
    private String description;

    @Mixin
    private JsonOption json;

    public Create(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      ObjectNode body = Json.objectWith("description", description);
      printToken(out, json, out.action("Creating OAuth Authorization", () -> api().post("/oauth/authorizations", body)));
    }
  }

  @Command(name = "authorizations:revoke", description = "Revoke an API token; it stops working at once.",
      footer = {"", "Example:", "  paas authorizations:revoke 01234567-89ab-cdef-0123-456789abcdef"})
  public static final class Revoke extends BaseCommand {
    @Parameters(paramLabel = "ID", description = "The authorization's id (see `paas authorizations`).")
    private String id;

    public Revoke(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      out.action("Revoking OAuth Authorization " + id,
          () -> api().delete(ApiClient.path("oauth", "authorizations", id)));
    }
  }
}
