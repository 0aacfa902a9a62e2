package paas.cli.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.cli.addons.AddonJson.PG_ID;
import static paas.cli.addons.AddonJson.REDIS_ID;
import static paas.cli.addons.AddonJson.attachment;
import static paas.cli.addons.AddonJson.list;
import static paas.cli.addons.AddonJson.pg;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;
import paas.cli.core.CliContext;

class AttachmentCommandsTest extends CommandTest {
  private static final String SHARED = attachment("t9", "SHARED_DB", PG_ID, "postgresql-curved-12345", "my-app",
      "other-app");
  private static final String REPLACE = "{\"id\":\"confirmation_required\",\"message\":\"other-app already has an"
      + " attachment SHARED_DB (to postgresql-old-11111); it would be replaced\"}";

  @BeforeEach
  void addon() {
    api.on("GET", "/addons/postgresql-curved-12345", 200, pg("provisioned"));
    api.on("GET", "/apps/other-app/releases", 200, "[{\"id\":\"r5\",\"version\":5}]");
    api.on("GET", "/apps/my-app/releases", 200, "[{\"id\":\"r6\",\"version\":6}]");
  }

  @Test
  void attachSetsTheConfigVarInANewReleaseAndSaysSoAsHerokuDoes() {
    api.on("POST", "/addon-attachments", 201, SHARED);
    Harness.Result result = paas.run("addons:attach", "postgresql-curved-12345", "--as", "SHARED_DB",
        "-a", "other-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/addon-attachments").body())
        .isEqualTo("{\"addon\":\"postgresql-curved-12345\",\"app\":\"other-app\",\"name\":\"SHARED_DB\"}");
    assertThat(result.err()).isEqualTo("Attaching postgresql-curved-12345 as SHARED_DB to other-app... done\n"
        + "Setting SHARED_DB config vars and restarting other-app... done, v5\n");
    assertThat(api.only("GET", "/apps/other-app/releases").header("Range"))
        .isEqualTo("version ..; max=1, order=desc");
  }

  @Test
  void attachNeedsAnApp() {
    Harness.Result result = paas.run("addons:attach", "postgresql-curved-12345");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("no app specified");
    assertThat(requests()).isEmpty();
  }

  @Test
  void anUnknownAddonIsTheApisNotFound() {
    api.on("GET", "/addons/nope", 404, "{\"id\":\"not_found\",\"message\":\"Couldn't find that add-on.\"}");
    Harness.Result result = paas.run("addons:attach", "nope", "-a", "other-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    Couldn't find that add-on.\n");
  }

  @Test
  void replacingAnAttachmentNeedsTheAppConfirmed() {
    api.on("POST", "/addon-attachments", request -> request.body().contains("\"confirm\":\"other-app\"")
        ? FakeApi.Reply.json(201, SHARED) : FakeApi.Reply.json(422, REPLACE));
    Harness.Result refused = paas.run("addons:attach", "postgresql-curved-12345", "--as", "SHARED_DB",
        "-a", "other-app");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("Attaching postgresql-curved-12345 as SHARED_DB to other-app... !\n"
        + " !    other-app already has an attachment SHARED_DB (to postgresql-old-11111); it would be replaced\n"
        + " !    To proceed, type other-app or re-run this command with --confirm other-app\n");

    Harness.Result confirmed = paas.run("addons:attach", "postgresql-curved-12345", "--as", "SHARED_DB",
        "-a", "other-app", "--confirm", "other-app");
    assertThat(confirmed.exit()).isZero();
    assertThat(confirmed.err()).endsWith("done, v5\n");

    assertThat(paas.run("addons:attach", "postgresql-curved-12345", "-a", "other-app", "--confirm", "my-app").err())
        .isEqualTo(" !    Confirmation my-app did not match other-app. Aborted.\n");
  }

  @Test
  void onATerminalReplacingAnAttachmentAsksAndSendsItAgainConfirmed() {
    api.on("POST", "/addon-attachments", request -> request.body().contains("\"confirm\":\"other-app\"")
        ? FakeApi.Reply.json(201, SHARED) : FakeApi.Reply.json(422, REPLACE));
    paas.ttys = new CliContext.Ttys(true, false, true);
    paas.env.put("NO_COLOR", "1");
    paas.stdin = "other-app\n";
    Harness.Result result = paas.run("addons:attach", "postgresql-curved-12345", "--as", "SHARED_DB",
        "-a", "other-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("""
        Attaching postgresql-curved-12345 as SHARED_DB to other-app... !
         \u203a   Warning: other-app already has an attachment SHARED_DB (to postgresql-old-11111); it would be replaced

        To proceed, type other-app or re-run this command with --confirm other-app: \
        Attaching postgresql-curved-12345 as SHARED_DB to other-app... done
        Setting SHARED_DB config vars and restarting other-app... done, v5
        """);
    assertThat(requests()).filteredOn(r -> r.startsWith("POST")).hasSize(2);
  }

  @Test
  void detachFindsTheAttachmentByNameAndDeletesIt() {
    api.on("GET", "/apps/my-app/addon-attachments", 200, list(
        attachment("t1", "DATABASE", PG_ID, "postgresql-curved-12345", "my-app", "my-app"),
        attachment("t4", "REDIS", REDIS_ID, "redis-flat-24680", "my-app", "my-app")));
    api.on("DELETE", "/addon-attachments/t1", 200,
        attachment("t1", "DATABASE", PG_ID, "postgresql-curved-12345", "my-app", "my-app"));
    Harness.Result result = paas.run("addons:detach", "DATABASE", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Detaching DATABASE to postgresql-curved-12345 from my-app... done\n"
        + "Unsetting DATABASE config vars and restarting my-app... done, v6\n");
    assertThat(requests()).containsExactly("GET /apps/my-app/addon-attachments", "DELETE /addon-attachments/t1",
        "GET /apps/my-app/releases");
  }

  @Test
  void detachOfAnAttachmentTheAppDoesNotHaveNamesTheOnesItHas() {
    api.on("GET", "/apps/my-app/addon-attachments", 200, list(
        attachment("t4", "REDIS", REDIS_ID, "redis-flat-24680", "my-app", "my-app"),
        attachment("t1", "DATABASE", PG_ID, "postgresql-curved-12345", "my-app", "my-app")));
    Harness.Result result = paas.run("addons:detach", "CACHE", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    my-app has no add-on attachment named CACHE (it has DATABASE, REDIS);"
        + " `paas addons -a my-app` lists them\n");
    assertThat(requests()).containsExactly("GET /apps/my-app/addon-attachments");
  }
}
