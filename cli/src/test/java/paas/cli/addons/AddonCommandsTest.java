package paas.cli.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.cli.addons.AddonJson.OTHER_PG_ID;
import static paas.cli.addons.AddonJson.PG_ID;
import static paas.cli.addons.AddonJson.REDIS_ID;
import static paas.cli.addons.AddonJson.addon;
import static paas.cli.addons.AddonJson.attachment;
import static paas.cli.addons.AddonJson.list;
import static paas.cli.addons.AddonJson.pg;
import static paas.cli.addons.AddonJson.redis;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;
import paas.cli.core.CliContext;

class AddonCommandsTest extends CommandTest {
  private static final String SHINY = addon(OTHER_PG_ID, "postgresql-shiny-13579", "heroku-postgresql", "small",
      "other-app", "provisioned", "DATABASE_URL");
  private static final String ATTACHMENTS = list(
      attachment("t1", "DATABASE", PG_ID, "postgresql-curved-12345", "my-app", "my-app"),
      attachment("t3", "SHARED_DB", PG_ID, "postgresql-curved-12345", "my-app", "other-app"),
      attachment("t2", "HEROKU_POSTGRESQL_RED", PG_ID, "postgresql-curved-12345", "my-app", "my-app"),
      attachment("t4", "REDIS", REDIS_ID, "redis-flat-24680", "my-app", "my-app"),
      attachment("t5", "DATABASE", OTHER_PG_ID, "postgresql-shiny-13579", "other-app", "other-app"),
      attachment("t6", "HEROKU_POSTGRESQL_BLUE", OTHER_PG_ID, "postgresql-shiny-13579", "other-app", "my-app"),
      attachment("t7", "CACHE", "hidden-id", "redis-hidden-11111", "third-app", "my-app"));

  @BeforeEach
  void addons() {
    api.on("GET", "/apps/my-app/addons", 200, list(pg("provisioned"), redis(), SHINY));
    api.on("GET", "/addon-attachments", 200, ATTACHMENTS);
    api.on("GET", "/addons", 200, list(SHINY, redis(), pg("provisioned")));
    api.on("GET", "/addons/postgresql-curved-12345", 200, pg("provisioned"));
    api.on("GET", "/addons/" + PG_ID, 200, pg("provisioned"));
  }

  @Test
  void addonsOfAnAppShowEachAddonWithItsAttachmentsAsHerokuDoes() {
    Harness.Result result = paas.run("addons", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        Add-on                                       Plan   State
        heroku-postgresql (postgresql-curved-12345)  small  created
         ├─ as DATABASE
         ├─ as HEROKU_POSTGRESQL_RED
         └─ as SHARED_DB on other-app app
        heroku-redis (redis-flat-24680)              small  created
         └─ as REDIS
        ? (redis-hidden-11111)                       ?
         └─ as CACHE
        heroku-postgresql (postgresql-shiny-13579)   small  created
         ├─ as HEROKU_POSTGRESQL_BLUE
         └─ as DATABASE on other-app app
        """);
    assertThat(result.err()).isEqualTo(
        "The table above shows add-ons and the attachments to the current app (my-app) or other apps.\n");
  }

  @Test
  void addonsInAnAppsRepositoryAreThatAppsAndAllListsEveryAddon() {
    paas.git.remotes.put("paas", api.url() + "/my-app.git");
    assertThat(paas.run("addons").out()).startsWith("Add-on ");
    assertThat(requests()).containsExactly("GET /apps/my-app/addons", "GET /addon-attachments");

    Harness.Result all = paas.run("addons", "--all");
    assertThat(all.exit()).isZero();
    assertThat(all.out()).isEqualTo("""
        Owning App  Add-on                   Plan                     State
        my-app      postgresql-curved-12345  heroku-postgresql:small  created
        my-app      redis-flat-24680         heroku-redis:small       created
        other-app   postgresql-shiny-13579   heroku-postgresql:small  created
        """);
  }

  @Test
  void addonsOutsideAnAppListEveryAddonOrSayThereAreNone() {
    assertThat(paas.run("addons").out()).startsWith("Owning App  Add-on ");
    assertThat(requests()).containsExactly("GET /addons");
    api.on("GET", "/addons", 200, "[]");
    Harness.Result none = paas.run("addons");
    assertThat(none.exit()).isZero();
    assertThat(none.out()).isEmpty();
    assertThat(none.err()).isEqualTo("No add-ons.\n");
    api.on("GET", "/apps/my-app/addons", 200, "[]");
    assertThat(paas.run("addons", "-a", "my-app").err()).isEqualTo("No add-ons for app my-app.\n");
  }

  @Test
  void addonsJsonIsTheApisAnswer() {
    Harness.Result result = paas.run("addons", "-a", "my-app", "--json");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("[\n  {\n    \"id\": \"" + PG_ID + "\"");
    assertThat(requests()).containsExactly("GET /apps/my-app/addons");
  }

  @Test
  void createPrintsHerokusLinesAndSendsTheContractsBody() {
    api.on("POST", "/apps/my-app/addons", 201, pg("provisioned"));
    Harness.Result result = paas.run("addons:create", "postgresql:small", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/addons").body()).isEqualTo("{\"plan\":\"postgresql:small\"}");
    assertThat(result.err()).isEqualTo("Creating postgresql:small on my-app... done\n");
    assertThat(result.out()).isEqualTo("Created postgresql-curved-12345 as DATABASE_URL, HEROKU_POSTGRESQL_RED_URL\n");
  }

  @Test
  void createTakesAttachmentNameAddonNameAndPlanOption() {
    api.on("POST", "/apps/my-app/addons", 201, redis());
    Harness.Result result = paas.run("addons:add", "redis", "--plan", "standard", "--as", "CACHE", "--name",
        "my-cache", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/addons").body())
        .isEqualTo("{\"plan\":\"redis:standard\",\"attachment\":{\"name\":\"CACHE\"},\"name\":\"my-cache\"}");
    assertThat(result.err()).isEqualTo("Creating redis:standard on my-app... done\n");
  }

  @Test
  void createOnAColourTerminalShowsTheAppAsHerokuDoes() {
    paas.ttys = new CliContext.Ttys(false, false, true);
    paas.env.put("TERM", "xterm-256color");
    api.on("POST", "/apps/my-app/addons", 201, redis());
    Harness.Result result = paas.run("addons:create", "redis", "-a", "my-app");
    assertThat(result.err()).isEqualTo("Creating redis on \u001b[35m\u2b22 my-app\u001b[0m... done\n");
  }

  @Test
  void aPlanGivenTwiceIsAUsageErrorAndSendsNothing() {
    Harness.Result result = paas.run("addons:create", "postgresql:small", "--plan", "standard", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("the plan is given twice (postgresql:small and --plan standard)");
    assertThat(requests()).isEmpty();
  }

  @Test
  void anUnknownKindShowsTheApisRefusal() {
    api.on("POST", "/apps/my-app/addons", 422, "{\"id\":\"invalid_params\",\"message\":\"unknown add-on kind"
        + " 'mysql': use postgresql (heroku-postgresql, postgres) or redis (heroku-redis), with a plan small or"
        + " standard, e.g. postgresql:standard\"}");
    Harness.Result result = paas.run("addons:create", "mysql", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Creating mysql on my-app... !\n"
        + " !    unknown add-on kind 'mysql': use postgresql (heroku-postgresql, postgres) or redis (heroku-redis),"
        + " with a plan small or standard, e.g. postgresql:standard\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void anAddonStillProvisioningIsReportedAsBeingCreatedInTheBackground() {
    api.on("POST", "/apps/my-app/addons", 202, pg("provisioning"));
    Harness.Result result = paas.run("addons:create", "postgresql", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo(
        "postgresql-curved-12345 is being created in the background. The app will restart when complete...\n");
    assertThat(result.err()).isEqualTo("Creating postgresql on my-app... done\n"
        + "Use `paas addons:info postgresql-curved-12345` to check creation progress.\n");
  }

  @Test
  void waitAsksUntilTheAddonIsProvisioned() {
    api.on("POST", "/apps/my-app/addons", 202, pg("provisioning"));
    AtomicInteger asked = new AtomicInteger();
    api.on("GET", "/addons/" + PG_ID,
        request -> FakeApi.Reply.json(200, pg(asked.incrementAndGet() == 1 ? "provisioning" : "provisioned")));
    Harness.Result result = paas.run("addons:create", "postgresql", "--wait", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(asked).hasValue(2);
    assertThat(result.err()).isEqualTo("Creating postgresql on my-app... done\nWaiting for postgresql-curved-12345...\n");
    assertThat(result.out()).isEqualTo("Created postgresql-curved-12345 as DATABASE_URL, HEROKU_POSTGRESQL_RED_URL\n");
  }

  @Test
  void waitStopsWhenTheAddonIsNoLongerBeingCreated() {
    api.on("POST", "/apps/my-app/addons", 202, pg("provisioning"));
    api.on("GET", "/addons/" + PG_ID, 200, pg("deprovisioning"));
    Harness.Result result = paas.run("addons:create", "postgresql", "--wait", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains(" !    The add-on was unable to be created, with status deprovisioning");
  }

  @Test
  void infoShowsPlanAttachmentsOwnerAndState() {
    Harness.Result result = paas.run("addons:info", "postgresql-curved-12345");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === postgresql-curved-12345
        Plan:         heroku-postgresql:small
        Attachments:  my-app::DATABASE
                      my-app::HEROKU_POSTGRESQL_RED
                      other-app::SHARED_DB
        Owning app:   my-app
        Installed at: 2026-12-04T10:00:00Z
        State:        created
        """);
  }

  @Test
  void infoOfAnAddonWhoseDataIsGoneSaysSoWithTheFixAndReprovisionSendsTheConfirmation() {
    String missing = pg("provisioned").replace("\"web_url\":null", "\"web_url\":null,\"status\":\"data_missing\","
        + "\"status_message\":\"postgresql-curved-12345 is stopped: its data volume is gone\"");
    api.on("GET", "/addons/postgresql-curved-12345", 200, missing);
    Harness.Result info = paas.run("addons:info", "postgresql-curved-12345");
    assertThat(info.exit()).isZero();
    assertThat(info.out()).endsWith("""
        State:        created
        Status:       data missing: postgresql-curved-12345 is stopped: its data volume is gone
        """);

    Harness.Result unconfirmed = paas.run("addons:reprovision", "postgresql-curved-12345");
    assertThat(unconfirmed.exit()).isEqualTo(1);
    assertThat(requests()).doesNotContain("POST /apps/my-app/addons/" + PG_ID + "/actions/reprovision");

    api.on("POST", "/apps/my-app/addons/" + PG_ID + "/actions/reprovision", 200, pg("provisioned"));
    Harness.Result result = paas.run("addons:reprovision", "postgresql-curved-12345", "--confirm", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).startsWith("Re-provisioning postgresql-curved-12345 on my-app... done\n");
    assertThat(api.only("POST", "/apps/my-app/addons/" + PG_ID + "/actions/reprovision").body())
        .isEqualTo("{\"confirm\":\"my-app\"}");
  }

  @Test
  void infoWithAnAppFindsTheAddonBehindAnAttachmentName() {
    api.on("GET", "/apps/my-app/addon-attachments", 200, list(
        attachment("t1", "DATABASE", PG_ID, "postgresql-curved-12345", "my-app", "my-app")));
    Harness.Result result = paas.run("addons:info", "database_url", "-a", "my-app", "--json");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("\"name\": \"postgresql-curved-12345\"");
    assertThat(requests()).containsExactly("GET /apps/my-app/addon-attachments", "GET /addons/" + PG_ID);
  }

  @Test
  void destroyWithoutConfirmAndNoTerminalStopsBeforeDeleting() {
    Harness.Result result = paas.run("addons:destroy", "postgresql-curved-12345");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("""
         !    Destructive Action
         !    This command will destroy postgresql-curved-12345 and its data, and detach it from every app it is\
         attached to (owner: my-app).
         !    To proceed, type my-app or re-run this command with --confirm my-app
        """);
    assertThat(requests()).containsExactly("GET /addons/postgresql-curved-12345");

    Harness.Result wrong = paas.run("addons:destroy", "postgresql-curved-12345", "--confirm", "other-app");
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).isEqualTo(" !    Confirmation other-app did not match my-app. Aborted.\n");
    assertThat(requests()).doesNotContain("DELETE /apps/my-app/addons/" + PG_ID);
  }

  @Test
  void destroyWithConfirmDeletesItOnItsOwningApp() {
    api.on("DELETE", "/apps/my-app/addons/" + PG_ID, 200, pg("provisioned"));
    Harness.Result result = paas.run("addons:destroy", "postgresql-curved-12345", "--confirm", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Destroying postgresql-curved-12345 on my-app... done\n");
    assertThat(api.only("DELETE", "/apps/my-app/addons/" + PG_ID).body()).isEqualTo("{\"force\":false}");
  }

  @Test
  void destroyOnATerminalAsksForTheOwningAppsName() {
    api.on("DELETE", "/apps/my-app/addons/" + PG_ID, 200, pg("deprovisioning"));
    paas.ttys = new CliContext.Ttys(true, false, true);
    paas.env.put("NO_COLOR", "1");
    paas.stdin = "my-app\n";
    Harness.Result result = paas.run("addons:destroy", "postgresql-curved-12345");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).startsWith(" \u203a   Warning: Destructive Action\n")
        .endsWith("\nTo proceed, type my-app or re-run this command with --confirm my-app: "
            + "Destroying postgresql-curved-12345 on my-app... pending\n"
            + "Use `paas addons:info postgresql-curved-12345` to check destruction progress.\n");
    assertThat(result.out()).isEqualTo("postgresql-curved-12345 is being destroyed in the background."
        + " The app will restart when complete...\n");
  }

  @Test
  void destroyOfAnAddonAttachedElsewhereNeedsForce() {
    api.on("DELETE", "/apps/my-app/addons/" + PG_ID, request -> request.body().contains("\"force\":true")
        ? FakeApi.Reply.json(200, pg("provisioned"))
        : FakeApi.Reply.json(422, "{\"id\":\"confirmation_required\",\"message\":\"postgresql-curved-12345 is"
            + " attached to other-app as well\"}"));
    Harness.Result refused = paas.run("addons:destroy", "postgresql-curved-12345", "--confirm", "my-app");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).isEqualTo("Destroying postgresql-curved-12345 on my-app... !\n"
        + " !    The add-on was unable to be destroyed: postgresql-curved-12345 is attached to other-app as well.\n"
        + " !    To destroy it anyway, detaching it from every app, re-run this command with --force.\n");
    Harness.Result forced = paas.run("addons:destroy", "postgresql-curved-12345", "--confirm", "my-app", "--force");
    assertThat(forced.exit()).isZero();
  }

  @Test
  void destroyNamingAnotherAppThanTheOwnerIsRefused() {
    api.on("GET", "/apps/other-app/addon-attachments", 200, "[]");
    Harness.Result result = paas.run("addons:destroy", "postgresql-curved-12345", "-a", "other-app",
        "--confirm", "other-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    postgresql-curved-12345 is on my-app not other-app\n");
    assertThat(requests()).noneMatch(r -> r.startsWith("DELETE"));
  }
}
