package paas.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;
import paas.cli.core.CliContext;

class AuthCommandsTest extends CommandTest {
  private static final String OTHER = "machine github.com login octocat password gh\n";

  private Path netrc;

  @BeforeEach
  void logOutOfTheEnvironment() throws IOException {
    paas.env.remove("PAAS_API_TOKEN");
    paas.env.remove("PAAS_API_URL");
    netrc = Files.createDirectories(paas.home).resolve(".netrc");
    Files.writeString(netrc, OTHER);
  }

  @Test
  void loginReadsTheTokenFromStdinChecksItAndStoresNetrcAndApiUrl() throws IOException {
    api.on("GET", "/account", 200, "{\"id\":\"u1\",\"email\":\"dev@example.com\",\"admin\":false}");
    paas.stdin = "tok-123\n";
    Harness.Result result = paas.run("login", "--api-url", api.url());
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Logged in as dev@example.com\n");
    assertThat(result.out()).isEmpty();
    assertThat(api.only("GET", "/account").header("Authorization")).isEqualTo("Bearer tok-123");
    assertThat(Files.readString(netrc)).isEqualTo(OTHER + "machine 127.0.0.1\n  login dev@example.com\n  password tok-123\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(netrc))).isEqualTo("rw-------");
    assertThat(Files.readString(paas.home.resolve(".config/paas/config.json"))).contains("\"api_url\": \"" + api.url() + "\"");
  }

  @Test
  void afterLoginCommandsUseTheStoredUrlAndNetrcToken() {
    api.on("GET", "/account", 200, "{\"email\":\"dev@example.com\"}");
    assertThat(paas.run("login", "--api-url", api.url(), "--token", "tok-456").exit()).isZero();
    Harness.Result whoami = paas.run("auth:whoami");
    assertThat(whoami.out()).isEqualTo("dev@example.com\n");
    assertThat(api.requests()).extracting(r -> r.header("Authorization")).containsExactly("Bearer tok-456", "Bearer tok-456");
  }

  @Test
  void loginOnATerminalPromptsForTheToken() {
    api.on("GET", "/account", 200, "{\"email\":\"dev@example.com\"}");
    paas.ttys = new CliContext.Ttys(true, true, true);
    paas.prompt = prompt -> prompt.equals("Token: ") ? "typed-token" : null;
    assertThat(paas.run("login", "--api-url", api.url()).exit()).isZero();
    assertThat(api.only("GET", "/account").header("Authorization")).isEqualTo("Bearer typed-token");
  }

  @Test
  void loginWithARefusedTokenChangesNoFile() throws IOException {
    api.on("GET", "/account", 401, "{\"id\":\"unauthorized\",\"message\":\"invalid or revoked token\"}");
    Harness.Result result = paas.run("login", "--api-url", api.url(), "--token", "bad");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    the paas API at " + api.url() + " refused this token: invalid or revoked token\n");
    assertThat(Files.readString(netrc)).isEqualTo(OTHER);
    assertThat(paas.home.resolve(".config/paas/config.json")).doesNotExist();
  }

  @Test
  void loginWithoutAnyTokenFailsBeforeAnyRequest() {
    Harness.Result result = paas.run("login", "--api-url", api.url());
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("no token given");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void logoutRemovesOnlyTheApiHostsEntry() throws IOException {
    paas.env.put("PAAS_API_URL", api.url());
    Files.writeString(netrc, OTHER + "machine 127.0.0.1 login dev password tok\n");
    Harness.Result result = paas.run("logout");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Logged out of 127.0.0.1\n");
    assertThat(Files.readString(netrc)).isEqualTo(OTHER);
  }

  @Test
  void usersCreatePrintsOnlyTheNewTokenOnStdout() {
    paas.env.put("PAAS_API_URL", api.url());
    paas.env.put("PAAS_API_TOKEN", "admin-token");
    api.on("POST", "/users", 201,
        "{\"id\":\"u2\",\"email\":\"new@example.com\",\"admin\":false,\"access_token\":{\"id\":\"t2\",\"token\":\"fresh-token\"}}");
    Harness.Result result = paas.run("users:create", "new@example.com");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/users").body()).isEqualTo("{\"email\":\"new@example.com\"}");
    assertThat(result.out()).isEqualTo("fresh-token\n");
    assertThat(result.err()).startsWith("Creating user new@example.com... done\n");
  }

  @Test
  void authorizationsListCreateAndRevokeUseTheOauthPaths() {
    paas.env.put("PAAS_API_URL", api.url());
    paas.env.put("PAAS_API_TOKEN", "tok");
    api.on("GET", "/oauth/authorizations", 200,
        "[{\"id\":\"t1\",\"description\":\"laptop\",\"created_at\":\"2026-11-24T22:00:00Z\"}]");
    api.on("POST", "/oauth/authorizations", 201,
        "{\"id\":\"t2\",\"description\":\"CI\",\"access_token\":{\"id\":\"t2\",\"token\":\"ci-token\"}}");
    api.on("DELETE", "/oauth/authorizations/t1", 200, "{\"id\":\"t1\"}");

    assertThat(paas.run("authorizations").out()).isEqualTo("ID  Description  Created\nt1  laptop       2026-11-24T22:00:00Z\n");
    Harness.Result created = paas.run("authorizations:create", "-d", "CI");
    assertThat(created.out()).isEqualTo("ci-token\n");
    assertThat(api.only("POST", "/oauth/authorizations").body()).isEqualTo("{\"description\":\"CI\"}");
    Harness.Result revoked = paas.run("authorizations:revoke", "t1");
    assertThat(revoked.exit()).isZero();
    assertThat(revoked.err()).isEqualTo("Revoking OAuth Authorization t1... done\n");
    assertThat(api.only("DELETE", "/oauth/authorizations/t1")).isNotNull();
  }

  @Test
  void authTokenPrintsTheTokenOfTheEnvironmentElseOfNetrc() throws IOException {
    paas.env.put("PAAS_API_URL", api.url());
    Harness.Result none = paas.run("auth:token");
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err()).contains("not logged in");
    Files.writeString(netrc, OTHER + "machine 127.0.0.1 login dev@example.com password tok-netrc\n");
    assertThat(paas.run("auth:token").out()).isEqualTo("tok-netrc\n");
    paas.env.put("PAAS_API_TOKEN", "tok-env");
    assertThat(paas.run("auth:token").out()).isEqualTo("tok-env\n");
    assertThat(api.requests()).isEmpty();
  }
}
