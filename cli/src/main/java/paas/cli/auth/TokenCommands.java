package paas.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import paas.cli.api.ApiClient;
import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import paas.cli.core.Json;
import paas.cli.core.JsonOption;
import paas.cli.core.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** users:create and the authorizations (API tokens) commands. */
public final class TokenCommands {
  private TokenCommands() {}

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
      ObjectNode body = Json.object().put("email", email);
      JsonNode user;
      try (Output.Action action = out.action("Creating user " + email)) {
        user = api().post("/users", body);
        action.done();
      }
      if (json.enabled()) {
        out.json(user);
      } else {
        out.line(Json.text(user.path("access_token"), "token"));
      }
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
      JsonNode tokens = api().get("/oauth/authorizations");
      if (json.enabled()) {
        out.json(tokens);
        return;
      }
      if (tokens.isEmpty()) {
        out.status("You have no authorizations.");
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode token : tokens) {
        rows.add(List.of(Json.text(token, "id"), Json.text(token, "description"), Json.text(token, "created_at")));
      }
      out.table(List.of("ID", "Description", "Created"), rows);
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
      ObjectNode body = Json.object();
      if (description != null) {
        body.put("description", description);
      }
      JsonNode created;
      try (Output.Action action = out.action("Creating OAuth Authorization")) {
        created = api().post("/oauth/authorizations", body);
        action.done();
      }
      if (json.enabled()) {
        out.json(created);
      } else {
        out.line(Json.text(created.path("access_token"), "token"));
      }
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
      try (Output.Action action = out.action("Revoking OAuth Authorization " + id)) {
        api().delete(ApiClient.path("oauth", "authorizations", id));
        action.done();
      }
    }
  }
}
