package paas.cli.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class AccessCommandsTest extends CommandTest {
  private static String member(String email, String role) {
    return """
        {"id":"k-%s","role":"%s","permissions":[],"app":{"id":"a1","name":"my-app"},
         "user":{"id":"u-%s","email":"%s","federated":false}}""".formatted(email, role, email, email);
  }

  private static String app(String name, String owner) {
    return "{\"id\":\"id-" + name + "\",\"name\":\"" + name + "\",\"owner\":{\"id\":\"u\",\"email\":\"" + owner + "\"}}";
  }

  @Test
  void accessListsEmailsAndRolesSortedByEmailAsHerokuDoes() {
    api.on("GET", "/apps/my-app/collaborators", 200, "[" + member("owner@example.com", "owner") + ","
        + member("dev@example.com", "collaborator") + "]");
    Harness.Result result = paas.run("access", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        Email              Role
        dev@example.com    collaborator
        owner@example.com  owner
        """);
  }

  @Test
  void accessAddPostsTheUserAndAccessRemoveDeletesByEmail() {
    api.on("POST", "/apps/my-app/collaborators", 201, member("dev@example.com", "collaborator"));
    api.on("DELETE", "/apps/my-app/collaborators/dev%40example.com", 200, member("dev@example.com", "collaborator"));
    Harness.Result added = paas.run("access:add", "dev@example.com", "-a", "my-app");
    assertThat(added.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/collaborators").body()).isEqualTo("{\"user\":\"dev@example.com\"}");
    assertThat(added.err()).isEqualTo("Adding dev@example.com access to the app my-app... done\n");

    Harness.Result removed = paas.run("access:remove", "dev@example.com", "-a", "my-app");
    assertThat(removed.exit()).isZero();
    assertThat(removed.err()).isEqualTo("Removing dev@example.com access from the app my-app... done\n");
  }

  @Test
  void accessAddOfAnUnknownUserShowsTheServersFix() {
    api.on("POST", "/apps/my-app/collaborators", 404, "{\"id\":\"not_found\",\"message\":\"no user has the email"
        + " x@example.com on this platform: an admin creates them with `paas users:create x@example.com`, then try again\"}");
    Harness.Result result = paas.run("access:add", "x@example.com", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("paas users:create x@example.com");
  }

  @Test
  void appsTransferPostsAnAppTransfer() {
    api.on("POST", "/account/app-transfers", 201, "{\"id\":\"t1\",\"state\":\"accepted\"}");
    Harness.Result result = paas.run("apps:transfer", "dev@example.com", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/account/app-transfers").body())
        .isEqualTo("{\"app\":\"my-app\",\"recipient\":\"dev@example.com\"}");
    assertThat(result.err()).isEqualTo("Transferring my-app to dev@example.com... done\n");
  }

  @Test
  void appsShowsOwnAppsThenCollaboratedAppsWithTheirOwners() {
    api.on("GET", "/apps", 200, "[" + app("alpha", "me@example.com") + "," + app("beta", "boss@example.com") + ","
        + app("gamma", "me@example.com") + "]");
    api.on("GET", "/account", 200, "{\"id\":\"u\",\"email\":\"me@example.com\"}");
    Harness.Result result = paas.run("apps");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === me@example.com Apps
        alpha
        gamma

        === Collaborated Apps
        Name  Email
        beta  boss@example.com
        """);
  }

  @Test
  void appsWithOnlyCollaboratedAppsShowsThatSectionAlone() {
    api.on("GET", "/apps", 200, "[" + app("beta", "boss@example.com") + "]");
    api.on("GET", "/account", 200, "{\"id\":\"u\",\"email\":\"me@example.com\"}");
    assertThat(paas.run("apps").out()).isEqualTo("""
        === Collaborated Apps
        Name  Email
        beta  boss@example.com
        """);
  }
}
