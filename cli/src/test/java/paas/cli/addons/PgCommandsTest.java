package paas.cli.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.cli.addons.AddonJson.PG2_ID;
import static paas.cli.addons.AddonJson.PG_ID;
import static paas.cli.addons.AddonJson.REDIS_ID;
import static paas.cli.addons.AddonJson.attachment;
import static paas.cli.addons.AddonJson.list;
import static paas.cli.addons.AddonJson.pg;
import static paas.cli.addons.AddonJson.pg2;
import static paas.cli.addons.AddonJson.redis;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class PgCommandsTest extends CommandTest {
  @BeforeEach
  void twoDatabasesAndARedis() {
    api.on("GET", "/apps/my-app/addon-attachments", 200, list(
        attachment("t1", "DATABASE", PG_ID, "postgresql-curved-12345", "my-app", "my-app"),
        attachment("t2", "HEROKU_POSTGRESQL_RED", PG_ID, "postgresql-curved-12345", "my-app", "my-app"),
        attachment("t3", "HEROKU_POSTGRESQL_BLUE", PG2_ID, "postgresql-round-67890", "my-app", "my-app"),
        attachment("t4", "REDIS", REDIS_ID, "redis-flat-24680", "my-app", "my-app")));
    api.on("GET", "/addons/" + PG_ID, 200, pg("provisioned"));
    api.on("GET", "/addons/" + PG2_ID, 200, pg2());
    api.on("GET", "/addons/postgresql-round-67890", 200, pg2());
    api.on("GET", "/addons/" + REDIS_ID, 200, redis());
  }

  @Test
  void promoteByAttachmentNameMakesItDatabaseAndNamesTheFormersAlias() {
    api.on("POST", "/apps/my-app/addons/" + PG2_ID + "/actions/promote", 200, pg2());
    Harness.Result result = paas.run("pg:promote", "HEROKU_POSTGRESQL_BLUE", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo(
        "Ensuring an alternate alias for existing DATABASE_URL... HEROKU_POSTGRESQL_RED_URL\n"
            + "Promoting postgresql-round-67890 to DATABASE_URL on my-app... done\n");
    assertThat(requests()).containsExactly("GET /apps/my-app/addon-attachments", "GET /addons/" + PG2_ID,
        "POST /apps/my-app/addons/" + PG2_ID + "/actions/promote");
  }

  @Test
  void promoteByAddonNameWorksToo() {
    api.on("POST", "/apps/my-app/addons/" + PG2_ID + "/actions/promote", 200, pg2());
    assertThat(paas.run("pg:promote", "postgresql-round-67890", "-a", "my-app").exit()).isZero();
    assertThat(requests()).contains("POST /apps/my-app/addons/" + PG2_ID + "/actions/promote");
  }

  @Test
  void theDatabaseAlreadyPromotedOrARedisIsRefusedBeforeAnyChange() {
    Harness.Result already = paas.run("pg:promote", "HEROKU_POSTGRESQL_RED", "-a", "my-app");
    assertThat(already.exit()).isEqualTo(1);
    assertThat(already.err()).isEqualTo(" !    postgresql-curved-12345 is already promoted on my-app\n");
    Harness.Result redis = paas.run("pg:promote", "REDIS", "-a", "my-app");
    assertThat(redis.exit()).isEqualTo(1);
    assertThat(redis.err()).isEqualTo(" !    redis-flat-24680 is not a PostgreSQL database (it is heroku-redis:small):"
        + " only PostgreSQL add-ons become DATABASE_URL\n");
    assertThat(requests()).noneMatch(r -> r.startsWith("POST"));
  }
}
