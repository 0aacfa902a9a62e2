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

/** pg:info and redis:info against the fake API: which add-on they pick, and how they show it. */
class AddonToolsTest extends CommandTest {
  static String pgInfo(String id, String name, String plan, int connections, long size, int tables) {
    return """
        {"addon":{"id":"%s","name":"%s"},"addon_service":{"id":"s","name":"heroku-postgresql"},
         "plan":{"id":"p","name":"heroku-postgresql:%s"},"app":{"id":"a","name":"my-app"},"state":"provisioned",
         "config_vars":["DATABASE_URL"],"created_at":"2026-12-04T10:00:00.123456Z",
         "postgresql":{"version":"15.20","connections":%d,"max_connections":20,"data_size_bytes":%d,"tables":%d},
         "redis":null}""".formatted(id, name, plan, connections, size, tables);
  }

  static final String REDIS_INFO = """
      {"addon":{"id":"%s","name":"redis-flat-24680"},"addon_service":{"id":"s","name":"heroku-redis"},
       "plan":{"id":"p","name":"heroku-redis:small"},"app":{"id":"a","name":"my-app"},"state":"provisioned",
       "config_vars":["REDIS_URL"],"created_at":"2026-12-04T10:00:00Z","postgresql":null,
       "redis":{"version":"7.0.15","used_memory_bytes":414400,"max_memory_bytes":50331648,
        "max_memory_policy":"noeviction","clients":1,"max_clients":50,"persistence":"aof","keys":3}}"""
      .formatted(REDIS_ID);

  @BeforeEach
  void twoDatabasesAndARedis() {
    api.on("GET", "/apps/my-app/addon-attachments", 200, list(
        attachment("t1", "DATABASE", PG_ID, "postgresql-curved-12345", "my-app", "my-app"),
        attachment("t2", "HEROKU_POSTGRESQL_RED", PG_ID, "postgresql-curved-12345", "my-app", "my-app"),
        attachment("t3", "HEROKU_POSTGRESQL_BLUE", PG2_ID, "postgresql-round-67890", "my-app", "my-app"),
        attachment("t4", "REDIS", REDIS_ID, "redis-flat-24680", "my-app", "my-app")));
    api.on("GET", "/apps/my-app/addons", 200, list(pg("provisioned"), pg2(), redis()));
    api.on("GET", "/addons/" + PG_ID, 200, pg("provisioned"));
    api.on("GET", "/addons/" + PG2_ID, 200, pg2());
    api.on("GET", "/addons/" + REDIS_ID, 200, redis());
    api.on("GET", "/apps/my-app/addons/" + PG_ID + "/info", 200,
        pgInfo(PG_ID, "postgresql-curved-12345", "small", 2, 7_708_007, 3));
    api.on("GET", "/apps/my-app/addons/" + PG2_ID + "/info", 200,
        pgInfo(PG2_ID, "postgresql-round-67890", "standard", 0, 512, 0));
    api.on("GET", "/apps/my-app/addons/" + REDIS_ID + "/info", 200, REDIS_INFO);
  }

  @Test
  void pgInfoWithoutADatabaseShowsEveryPostgresOfTheAppAsHerokuDoes() {
    Harness.Result result = paas.run("pg:info", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("""
        === DATABASE_URL, HEROKU_POSTGRESQL_RED_URL
        Plan:        small
        Status:      Available
        Connections: 2/20
        PG Version:  15.20
        Created:     2026-12-04 10:00 UTC
        Data Size:   7.7 MB
        Tables:      3
        Fork/Follow: n/a
        Add-on:      postgresql-curved-12345

        === HEROKU_POSTGRESQL_BLUE_URL
        Plan:        standard
        Status:      Available
        Connections: 0/20
        PG Version:  15.20
        Created:     2026-12-04 10:00 UTC
        Data Size:   512 B
        Tables:      0
        Fork/Follow: n/a
        Add-on:      postgresql-round-67890
        """);
    assertThat(requests()).doesNotContain("GET /apps/my-app/addons/" + REDIS_ID + "/info");
  }

  @Test
  void pgInfoOfOneDatabaseByItsConfigVar() {
    Harness.Result result = paas.run("pg:info", "HEROKU_POSTGRESQL_BLUE_URL", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("=== HEROKU_POSTGRESQL_BLUE_URL\n").contains("Add-on:      postgresql-round-67890");
    assertThat(requests()).containsExactly("GET /apps/my-app/addon-attachments", "GET /addons/" + PG2_ID,
        "GET /apps/my-app/addons/" + PG2_ID + "/info");
  }

  @Test
  void pgInfoOfARedisIsRefusedBeforeAskingForIt() {
    Harness.Result result = paas.run("pg:info", "REDIS", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    redis-flat-24680 is not a PostgreSQL database (it is heroku-redis:small):"
        + " pg:* commands work on heroku-postgresql add-ons\n");
    assertThat(requests()).noneMatch(r -> r.endsWith("/info"));
  }

  @Test
  void anAppWithoutPostgresIsToldHowToCreateOne() {
    api.on("GET", "/apps/my-app/addons", 200, list(redis()));
    Harness.Result result = paas.run("pg:info", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    my-app has no PostgreSQL database: create one with"
        + " `paas addons:create postgresql -a my-app`\n");
  }

  @Test
  void redisInfoShowsTheAppsRedis() {
    Harness.Result result = paas.run("redis:info", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("""
        === redis-flat-24680 (REDIS_URL)
        Plan:        small
        Status:      Available
        Created:     2026-12-04 10:00 UTC
        Version:     7.0.15
        Memory:      414.4 kB used of 50.3 MB (noeviction)
        Clients:     1/50
        Persistence: AOF on
        Keys:        3
        Add-on:      redis-flat-24680
        """);
  }

  @Test
  void infoAsJsonIsTheApisAnswer() {
    Harness.Result result = paas.run("redis:info", "-a", "my-app", "--json");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).contains("\"max_clients\": 50").contains("\"persistence\": \"aof\"");
  }
}
