package paas.cli.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import paas.cli.api.ApiClient;
import paas.cli.api.ApiException;
import paas.cli.command.BaseCommand;
import paas.cli.core.CliContext;
import paas.cli.core.CliException;
import paas.cli.core.Json;
import paas.cli.credentials.ConfigFile;
import paas.cli.credentials.Credentials;
import paas.cli.credentials.Netrc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** login, logout, auth:whoami and auth:token. */
public final class LoginCommands {
  private LoginCommands() {}

  @Command(
      name = "login",
      description = "Log in with an API token: check it, then store it in ~/.netrc (git uses it too).",
      footer = {"", "Examples:", "  paas login --api-url http://paas.example.com:5000", "  echo \"$TOKEN\" | paas login"})
  public static final class Login extends BaseCommand {
    @Option(names = "--api-url", paramLabel = "URL", description = "The API to log in to (default: PAAS_API_URL, the stored URL, or http://localhost:5000).")
    private String apiUrl;

    @Option(names = "--token", paramLabel = "TOKEN", description = "The API token (default: prompt on a terminal, else read one line from stdin).")
    private String token;

    public Login(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() throws IOException {
      URI url = apiUrl != null ? Credentials.parseApiUrl(apiUrl, "--api-url") : Credentials.apiUrl(ctx);
      String secret = (token != null ? token : readToken()).strip();
      if (secret.isEmpty()) {
        throw new CliException("no token given: pass --token TOKEN, or type or pipe the token on stdin");
      }
      String email;
      try (ApiClient client = new ApiClient(url, Optional.of(secret), Credentials.NOT_LOGGED_IN, "", ctx.version())) {
        email = Json.text(client.get("/account"), "email");
      } catch (ApiException e) {
        if (e.status() == 401) {
          throw new CliException("the paas API at " + url + " refused this token: " + e.getMessage(), e);
        }
        throw e;
      }
      Path netrcFile = Credentials.netrcPath(ctx);
      try {
        Netrc.read(netrcFile).withMachine(url.getHost(), email.isEmpty() ? "paas" : email, secret).write(netrcFile);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), e);
      }
      ConfigFile.of(ctx).writeApiUrl(url.toString());
      out.status("Logged in as " + email);
      if (ctx.env("PAAS_API_TOKEN").isPresent()) {
        out.status("Note: PAAS_API_TOKEN is set and is used instead of ~/.netrc until you unset it.");
      }
      ctx.env("PAAS_API_URL")
          .filter(env -> apiUrl != null && !Credentials.parseApiUrl(env, "PAAS_API_URL").equals(url))
          .ifPresent(env -> out.status("Note: PAAS_API_URL is set to " + env + " and is used instead of " + url + " until you unset it."));
    }

    private String readToken() throws IOException {
      if (ctx.ttys().stdin()) {
        String typed = ctx.prompt().read("Token: ");
        return typed == null ? "" : typed;
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(ctx.stdin(), StandardCharsets.UTF_8));
      String line = reader.readLine();
      return line == null ? "" : line;
    }
  }

  @Command(name = "logout", description = "Remove the API's token from ~/.netrc.", footer = {"", "Example:", "  paas logout"})
  public static final class Logout extends BaseCommand {
    public Logout(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() throws IOException {
      URI url = Credentials.apiUrl(ctx);
      Path netrcFile = Credentials.netrcPath(ctx);
      Netrc netrc = Netrc.read(netrcFile);
      if (netrc.lookup(url.getHost()).isPresent()) {
        netrc.withoutMachine(url.getHost()).write(netrcFile);
        out.status("Logged out of " + url.getHost());
      } else {
        out.status("Not logged in to " + url.getHost() + " (no entry in " + netrcFile + ")");
      }
      if (ctx.env("PAAS_API_TOKEN").isPresent()) {
        out.status("Note: PAAS_API_TOKEN is still set; unset it to log out completely.");
      }
    }
  }

  @Command(name = "auth:whoami", aliases = "whoami", description = "Print the email of the logged-in user.", footer = {"", "Example:", "  paas auth:whoami"})
  public static final class Whoami extends BaseCommand {
    public Whoami(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      out.line(Json.text(api().get("/account"), "email"));
    }
  }

  @Command(name = "auth:token",
      description = "Print the API token the CLI uses (PAAS_API_TOKEN, else the one of ~/.netrc), for scripts and API clients.",
      footer = {"", "Example:", "  curl -H \"Authorization: Bearer $(paas auth:token)\" http://paas.example.com:5000/apps"})
  public static final class Token extends BaseCommand {
    public Token(CliContext ctx) {
      super(ctx);
    }

    @Override
    protected void run() {
      out.line(credentials().token().orElseThrow(() -> new CliException(Credentials.NOT_LOGGED_IN)));
    }
  }
}
