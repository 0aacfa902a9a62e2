package paas.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import paas.cli.core.CliContext;

/** What every command shares: headers, errors, exit codes, help, version and colour. */
class CliBehaviourTest extends CommandTest {
  @Test
  void everyRequestCarriesBearerTokenHerokuAcceptAndUserAgent() {
    api.on("GET", "/account", 200, "{\"email\":\"dev@example.com\"}");
    Harness.Result result = paas.run("auth:whoami");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("dev@example.com\n");
    FakeApi.Request request = api.only("GET", "/account");
    assertThat(request.header("Authorization")).isEqualTo("Bearer secret-token");
    assertThat(request.header("Accept")).isEqualTo("application/vnd.heroku+json; version=3");
    assertThat(request.header("User-Agent")).isEqualTo("paas-cli/0.1.0");
  }

  @Test
  void apiRefusalPrintsItsMessageOnStderrAndExitsWith1() {
    api.on("PATCH", "/apps/my-app/config-vars", 422,
        "{\"id\":\"invalid_params\",\"message\":\"config vars may total at most 64 KiB per app; this change makes 70 KiB\"}");
    Harness.Result result = paas.run("config:set", "BIG=x", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("Setting BIG and restarting my-app... !\n"
        + " !    config vars may total at most 64 KiB per app; this change makes 70 KiB\n");
  }

  @Test
  void unauthorizedWithEnvironmentTokenSaysToFixPaasApiToken() {
    api.on("GET", "/apps/my-app", 401, "{\"id\":\"unauthorized\",\"message\":\"invalid or revoked token\"}");
    Harness.Result result = paas.run("apps:info", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    invalid or revoked token\n"
        + " !    the token in PAAS_API_TOKEN was refused: set a valid one, or unset it and run `paas login`\n");
  }

  @Test
  void unauthorizedWithNetrcTokenSaysToLogIn() throws IOException {
    paas.env.remove("PAAS_API_TOKEN");
    Files.createDirectories(paas.home);
    Files.writeString(paas.home.resolve(".netrc"), "machine 127.0.0.1 login dev@example.com password stale\n");
    api.on("GET", "/apps/my-app", 401, "{\"id\":\"unauthorized\",\"message\":\"invalid or revoked token\"}");
    Harness.Result result = paas.run("apps:info", "-a", "my-app");
    assertThat(api.only("GET", "/apps/my-app").header("Authorization")).isEqualTo("Bearer stale");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains(" !    invalid or revoked token\n !    run `paas login`");
  }

  @Test
  void noTokenAnywhereFailsBeforeAnyRequest() {
    paas.env.remove("PAAS_API_TOKEN");
    Harness.Result result = paas.run("apps");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    not logged in: run `paas login` or set PAAS_API_TOKEN\n");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void refusedConnectionNamesTheUrlAndPaasd() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    paas.env.put("PAAS_API_URL", "http://127.0.0.1:" + closedPort);
    Harness.Result result = paas.run("apps");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    cannot reach the paas API at http://127.0.0.1:" + closedPort
        + ": is paasd running? (set PAAS_API_URL to point elsewhere)\n");
  }

  @Test
  void errorWithoutJsonBodyStillNamesTheStatus() {
    api.on("GET", "/apps/my-app", request -> new FakeApi.Reply(502, "<html>Bad Gateway</html>", java.util.Map.of()));
    Harness.Result result = paas.run("apps:info", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("answered HTTP 502: <html>Bad Gateway</html>");
  }

  @Test
  void pathSegmentsAreUrlEncoded() {
    paas.run("apps:info", "-a", "a b/c?d");
    assertThat(api.requests()).extracting(FakeApi.Request::path).containsExactly("/apps/a%20b%2Fc%3Fd");
  }

  @Test
  void unknownCommandSuggestsTheNearestAndExitsWith2() {
    Harness.Result result = paas.run("apps:crate");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains(" !    'apps:crate' is not a paas command").contains("Did you mean: paas apps:create");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void unknownOptionIsAUsageError() {
    Harness.Result result = paas.run("apps", "--bogus");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--bogus'").contains("See `paas apps --help`.");
  }

  @Test
  void helpOptionListsEveryCommandWithItsAliases() {
    Harness.Result result = paas.run("--help");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("Usage: paas").contains("config:set").contains("scale, ps:scale")
        .contains("rollback, releases:rollback").contains("apps:destroy, destroy");
  }

  @Test
  void helpWorksAsCommandAndAsOptionOnEveryCommand() {
    Harness.Result command = paas.run("help", "config:set");
    Harness.Result option = paas.run("config:set", "--help");
    Harness.Result shortOption = paas.run("domains:add", "-h");
    assertThat(command.exit()).isZero();
    assertThat(command.out()).startsWith("Usage: paas config:set").isEqualTo(option.out());
    assertThat(shortOption.out()).startsWith("Usage: paas domains:add");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void versionNamesPaasAndJava() {
    assertThat(paas.run("version").out()).isEqualTo("paas/0.1.0 java/21.0.1\n");
    assertThat(paas.run("--version").out()).isEqualTo("paas/0.1.0 java/21.0.1\n");
  }

  @Test
  void headersAreBoldOnlyOnATerminalWithoutNoColor() {
    api.on("GET", "/apps/my-app/config-vars", 200, "{\"A\":\"1\"}");
    assertThat(paas.run("config", "-a", "my-app").out()).startsWith("=== my-app Config Vars\n");
    paas.ttys = new CliContext.Ttys(false, true, true);
    assertThat(paas.run("config", "-a", "my-app").out()).startsWith("\u001b[1m=== my-app Config Vars\u001b[0m\n");
    paas.env.put("NO_COLOR", "1");
    assertThat(paas.run("config", "-a", "my-app").out()).startsWith("=== my-app Config Vars\n");
    paas.env.remove("NO_COLOR");
    paas.env.put("TERM", "dumb");
    assertThat(paas.run("config", "-a", "my-app").out()).doesNotContain("\u001b[");
  }

  @Test
  void controlCharactersInValuesAreShownEscapedOnATerminalOnly() {
    String vars = "{\"EVIL\":\"x\\u001b]0;owned\\u0007\\u001b[2Jy\"}";
    api.on("GET", "/apps/my-app/config-vars", 200, vars);
    paas.ttys = new CliContext.Ttys(false, true, true);
    paas.env.put("NO_COLOR", "1");
    assertThat(paas.run("config", "-a", "my-app").out())
        .isEqualTo("=== my-app Config Vars\nEVIL: x\\x1b]0;owned\\x07\\x1b[2Jy\n");
    assertThat(paas.run("config:get", "EVIL", "-a", "my-app").out()).isEqualTo("x\\x1b]0;owned\\x07\\x1b[2Jy\n");
    assertThat(paas.run("config", "--json", "-a", "my-app").out()).as("--json is unchanged")
        .contains("\"x\\u001B]0;owned\\u0007\\u001B[2Jy\"");
    paas.ttys = CliContext.Ttys.NONE;
    assertThat(paas.run("config:get", "EVIL", "-a", "my-app").out()).as("a pipe gets the value as it is")
        .isEqualTo("x\u001b]0;owned\u0007\u001b[2Jy\n");
  }

  @Test
  void errorsAreRedOnlyOnATerminal() {
    paas.env.remove("PAAS_API_TOKEN");
    paas.ttys = new CliContext.Ttys(false, false, true);
    assertThat(paas.run("apps").err()).startsWith("\u001b[31m !    not logged in");
  }
}
