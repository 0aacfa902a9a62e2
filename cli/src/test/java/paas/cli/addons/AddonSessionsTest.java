package paas.cli.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.cli.FakeRunServer.STDIN;
import static paas.cli.FakeRunServer.STDOUT;
import static paas.cli.addons.AddonJson.PG2_ID;
import static paas.cli.addons.AddonJson.PG_ID;
import static paas.cli.addons.AddonJson.REDIS_ID;
import static paas.cli.addons.AddonJson.attachment;
import static paas.cli.addons.AddonJson.list;
import static paas.cli.addons.AddonJson.pg;
import static paas.cli.addons.AddonJson.pg2;
import static paas.cli.addons.AddonJson.redis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import paas.cli.CommandTest;
import paas.cli.FakeRunServer;
import paas.cli.Harness;
import paas.cli.core.CliContext;

/** pg:psql, redis:cli and pg:reset against the fake API and a fake attach_url. */
@Timeout(30)
class AddonSessionsTest extends CommandTest {
  private FakeRunServer server;

  @BeforeEach
  void twoDatabasesAndARedis() {
    api.on("GET", "/apps/my-app/addon-attachments", 200, list(
        attachment("t1", "DATABASE", PG_ID, "postgresql-curved-12345", "my-app", "my-app"),
        attachment("t3", "HEROKU_POSTGRESQL_BLUE", PG2_ID, "postgresql-round-67890", "my-app", "my-app"),
        attachment("t4", "REDIS", REDIS_ID, "redis-flat-24680", "my-app", "my-app")));
    api.on("GET", "/apps/my-app/addons", 200, list(pg("provisioned"), pg2(), redis()));
    api.on("GET", "/addons/" + PG_ID, 200, pg("provisioned"));
    api.on("GET", "/addons/" + PG2_ID, 200, pg2());
    api.on("GET", "/addons/" + REDIS_ID, 200, redis());
  }

  @AfterEach
  void stopRunServer() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private void session(String addonId, FakeRunServer.Script script) throws IOException {
    server = FakeRunServer.start(script);
    api.on("POST", "/apps/my-app/addons/" + addonId + "/sessions", 201,
        "{\"addon\":{\"id\":\"%s\",\"name\":\"x\"},\"attach_url\":\"%s\"}".formatted(addonId, server.attachUrl("s3cret")));
  }

  @Test
  void psqlWithACommandRunsItOnTheAppsDatabaseAndExitsWithPsqlsCode() throws Exception {
    session(PG_ID, c -> {
      c.switchProtocols();
      c.readUntilStdinEof();
      c.send(FakeRunServer.STDERR, "ERROR:  relation \"missing\" does not exist\n");
      c.exit(1);
    });
    Harness.Result result = paas.run("pg:psql", "-a", "my-app", "-c", "select * from missing");
    server.awaitPlayed();
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("--> Connecting to postgresql-curved-12345\n"
        + "ERROR:  relation \"missing\" does not exist\n");
    assertThat(api.only("POST", "/apps/my-app/addons/" + PG_ID + "/sessions").body())
        .isEqualTo("{\"command\":\"select * from missing\",\"tty\":false}");
    assertThat(server.head()).startsWith("GET /run-sessions/s3cret HTTP/1.1\r\n")
        .contains("Authorization: Bearer secret-token\r\n");
  }

  @Test
  void psqlReadsStandardInputAndPrintsWhatPsqlPrints() throws Exception {
    List<String> typed = new CopyOnWriteArrayList<>();
    session(PG2_ID, c -> {
      c.switchProtocols();
      c.readUntilStdinEof().stream().filter(f -> f.type() == STDIN).forEach(f -> typed.add(f.text()));
      c.send(STDOUT, " ?column? \n----------\n        1\n(1 row)\n\n");
      c.exit(0);
    });
    paas.stdin = "select 1;\n";
    Harness.Result result = paas.run("pg:psql", "HEROKU_POSTGRESQL_BLUE_URL", "-a", "my-app");
    server.awaitPlayed();
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo(" ?column? \n----------\n        1\n(1 row)\n\n");
    assertThat(String.join("", typed)).isEqualTo("select 1;\n");
    assertThat(api.only("POST", "/apps/my-app/addons/" + PG2_ID + "/sessions").body()).isEqualTo("{\"tty\":false}");
  }

  @Test
  void onATerminalTheClientGetsOneOfTheSameTermAndSizeInRawModeAndFollowsItsResizes() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    AtomicReference<CliContext.Size> size = new AtomicReference<>(new CliContext.Size(40, 132));
    AtomicReference<Runnable> onResize = new AtomicReference<>();
    paas.terminal = new CliContext.Terminal() {
      @Override
      public CliContext.Restore raw() {
        events.add("raw");
        return () -> events.add("restored");
      }

      @Override
      public Optional<CliContext.Size> size() {
        return Optional.of(size.get());
      }

      @Override
      public CliContext.Restore onResize(Runnable resized) {
        onResize.set(resized);
        return () -> events.add("unfollowed");
      }
    };
    paas.ttys = new CliContext.Ttys(true, true, true);
    paas.env.put("TERM", "xterm-256color");
    session(REDIS_ID, c -> {
      c.switchProtocols();
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (onResize.get() == null && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      size.set(new CliContext.Size(50, 120));
      onResize.get().run(); // the window was resized
      boolean resized = false;
      boolean ended = false;
      while (!resized || !ended) {
        FakeRunServer.Frame frame = c.read();
        if (frame.type() == 6) {
          events.add("resized " + ByteBuffer.wrap(frame.payload()).getInt() + "x"
              + ByteBuffer.wrap(frame.payload()).getInt(4));
          resized = true;
        }
        ended |= frame.type() == FakeRunServer.STDIN_EOF;
      }
      c.exit(0);
    });
    Harness.Result result = paas.run("redis:cli", "-a", "my-app");
    server.awaitPlayed();
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("POST", "/apps/my-app/addons/" + REDIS_ID + "/sessions").body())
        .isEqualTo("{\"tty\":true,\"term\":\"xterm-256color\",\"rows\":40,\"columns\":132}");
    assertThat(events).containsExactly("raw", "resized 50x120", "unfollowed", "restored");
  }

  @Test
  void redisCliOnADatabaseOrPsqlOnARedisIsRefusedBeforeAnySession() {
    Harness.Result redis = paas.run("redis:cli", "DATABASE", "-a", "my-app");
    assertThat(redis.exit()).isEqualTo(1);
    assertThat(redis.err()).isEqualTo(" !    postgresql-curved-12345 is not a Redis (it is heroku-postgresql:small):"
        + " redis:* commands work on heroku-redis add-ons\n");
    Harness.Result psql = paas.run("pg:psql", "REDIS", "-a", "my-app");
    assertThat(psql.exit()).isEqualTo(1);
    assertThat(requests()).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void resetNeedsTheAppConfirmedAndThenPostsIt() {
    Harness.Result refused = paas.run("pg:reset", "-a", "my-app");
    assertThat(refused.exit()).isNotZero();
    Harness.Result wrong = paas.run("pg:reset", "-a", "my-app", "--confirm", "other-app");
    assertThat(wrong.exit()).isNotZero();
    assertThat(requests()).noneMatch(r -> r.startsWith("POST"));

    api.on("POST", "/apps/my-app/addons/" + PG_ID + "/actions/reset", 200,
        "{\"addon\":{\"id\":\"" + PG_ID + "\",\"name\":\"postgresql-curved-12345\"}}");
    Harness.Result reset = paas.run("pg:reset", "DATABASE", "-a", "my-app", "--confirm", "my-app");
    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(reset.err()).isEqualTo("Resetting postgresql-curved-12345... done\n");
    assertThat(api.only("POST", "/apps/my-app/addons/" + PG_ID + "/actions/reset").body())
        .isEqualTo("{\"confirm\":\"my-app\"}");
  }
}
