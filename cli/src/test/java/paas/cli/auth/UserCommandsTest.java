package paas.cli.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class UserCommandsTest extends CommandTest {
  private static final String USERS = "[{\"id\":\"u1\",\"email\":\"admin@example.com\",\"admin\":true,\"disabled\":false,"
      + "\"created_at\":\"2026-03-01T10:00:00Z\"},{\"id\":\"u2\",\"email\":\"dev@example.com\",\"admin\":false,"
      + "\"disabled\":true,\"created_at\":\"2026-03-02T10:00:00Z\"}]";
  private static final String DEV = "{\"id\":\"u2\",\"email\":\"dev@example.com\",\"admin\":false,\"disabled\":true,"
      + "\"created_at\":\"2026-03-02T10:00:00Z\"}";

  @Test
  void usersListsEachWithRoleAndState() {
    api.on("GET", "/users", 200, USERS);
    Harness.Result result = paas.run("users");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out().lines()).containsExactly(
        "Email              Role   State     Created",
        "admin@example.com  admin  enabled   2026-03-01T10:00:00Z",
        "dev@example.com    user   disabled  2026-03-02T10:00:00Z");
  }

  @Test
  void disableAndEnablePatchTheUser() {
    api.on("PATCH", "/users/dev%40example.com", 200, DEV);
    assertThat(paas.run("users:disable", "dev@example.com").err()).isEqualTo("Disabling dev@example.com... done\n");
    assertThat(paas.run("users:enable", "dev@example.com").err()).isEqualTo("Enabling dev@example.com... done\n");
    assertThat(api.requests()).extracting(r -> r.method() + " " + r.path() + " " + r.body()).containsExactly(
        "PATCH /users/dev%40example.com {\"disabled\":true}", "PATCH /users/dev%40example.com {\"disabled\":false}");
  }

  @Test
  void destroyNeedsTheEmailConfirmedAndShowsTheApisRefusal() {
    Harness.Result unconfirmed = paas.run("users:destroy", "dev@example.com");
    assertThat(unconfirmed.exit()).isEqualTo(1);
    assertThat(unconfirmed.err()).contains("re-run this command with --confirm dev@example.com");
    assertThat(paas.run("users:destroy", "dev@example.com", "--confirm", "dev").err()).contains("did not match");
    assertThat(api.requests()).isEmpty();

    api.on("DELETE", "/users/dev%40example.com", 409, "{\"id\":\"conflict\",\"message\":\"dev@example.com owns 2 apps:"
        + " destroy them first\"}");
    Harness.Result owning = paas.run("users:destroy", "dev@example.com", "--confirm", "dev@example.com");
    assertThat(owning.exit()).isEqualTo(1);
    assertThat(owning.err()).contains("owns 2 apps");
  }
}
