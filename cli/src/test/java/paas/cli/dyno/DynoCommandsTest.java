package paas.cli.dyno;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;

class DynoCommandsTest extends CommandTest {
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss").withZone(ZoneOffset.UTC);

  // Whole seconds, so the CLI (which runs a little later) counts the same whole minutes and hours.
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private Instant ago(Duration duration) {
    return now.minus(duration);
  }

  private String dyno(String name, String type, String state, String command, String size, Instant updated, Integer exit) {
    return """
        {"id":"id-%s","name":"%s","type":"%s","state":"%s","command":"%s","size":"%s","release":{"version":7},
         "created_at":"2026-01-01T00:00:00Z","updated_at":"%s","exit_code":%s}"""
        .formatted(name, name, type, state, command, size, updated, exit);
  }

  @Test
  void psGroupsFormationTypesThenOneOffsAndShowsTheExitCodeOfCrashes() {
    Instant fiveMinutes = ago(Duration.ofMinutes(5));
    Instant oneMinute = ago(Duration.ofMinutes(1));
    Instant twoHours = ago(Duration.ofHours(2));
    // As the API sorts: by name.
    api.on("GET", "/apps/my-app/dynos", 200, "[" + String.join(",",
        dyno("run.4312", "run", "up", "bash", "standard-1x", oneMinute, null),
        dyno("web.1", "web", "up", "npm start", "standard-1x", fiveMinutes, null),
        dyno("web.10", "web", "starting", "npm start", "standard-1x", oneMinute, null),
        dyno("web.2", "web", "crashed", "npm start", "standard-1x", oneMinute, 137),
        dyno("worker.1", "worker", "crashed", "node worker.js", "standard-2x", twoHours, null)) + "]");
    Harness.Result result = paas.run("ps", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEqualTo("""
        === web (Standard-1X): npm start (3)
        web.1: up %1$s +0000 (~ 5m ago)
        web.2: crashed %2$s +0000 (~ 1m ago), exit 137
        web.10: starting %2$s +0000 (~ 1m ago)

        === worker (Standard-2X): node worker.js (1)
        worker.1: crashed %3$s +0000 (~ 2h ago)

        === run: one-off processes (1)
        run.4312 (Standard-1X): up %2$s +0000 (~ 1m ago): bash
        """.formatted(SHOWN.format(fiveMinutes), SHOWN.format(oneMinute), SHOWN.format(twoHours)));
  }

  @Test
  void psWithATypeShowsOnlyThatType() {
    api.on("GET", "/apps/my-app/dynos", 200, "[" + String.join(",",
        dyno("run.1", "run", "up", "bash", "standard-1x", now, null),
        dyno("web.1", "web", "up", "npm start", "standard-1x", now, null)) + "]");
    Harness.Result result = paas.run("ps", "web", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("=== web (Standard-1X): npm start (1)\nweb.1: up ").doesNotContain("run");
  }

  @Test
  void psJsonPrintsTheApiDynos() {
    api.on("GET", "/apps/my-app/dynos", 200, "[" + dyno("web.1", "web", "up", "npm start", "standard-1x", now, null) + "]");
    Harness.Result result = paas.run("ps", "--json", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("[\n  {\n").contains("\"name\": \"web.1\"").contains("\"exit_code\": null");
  }

  @Test
  void psWithoutDynosSaysSoOnStderr() {
    api.on("GET", "/apps/my-app/dynos", 200, "[]");
    Harness.Result result = paas.run("ps", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("No dynos on my-app\n");
  }

  @Test
  void restartWithoutArgumentRestartsEveryDyno() {
    api.on("DELETE", "/apps/my-app/dynos", 202, "{}");
    Harness.Result result = paas.run("ps:restart", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.requests()).extracting(FakeApi.Request::method, FakeApi.Request::path)
        .containsExactly(tuple("DELETE", "/apps/my-app/dynos"));
    assertThat(result.err()).isEqualTo("Restarting all dynos on my-app... done\n");
  }

  @Test
  void restartOfAnUnknownTypeShowsTheRefusalAndFails() {
    api.on("DELETE", "/apps/my-app/dynos/clock", 404,
        "{\"id\":\"not_found\",\"message\":\"app my-app has no process type clock: its process types are web, worker\"}");
    Harness.Result result = paas.run("ps:restart", "clock", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Restarting all clock dynos on my-app... !\n"
        + " !    app my-app has no process type clock: its process types are web, worker\n");
  }

  @Test
  void restartOfATypeAndOfADyno() {
    api.on("DELETE", "/apps/my-app/dynos/web", 202, "{}");
    api.on("DELETE", "/apps/my-app/dynos/web.1", 202, "{}");
    Harness.Result type = paas.run("ps:restart", "web", "-a", "my-app");
    Harness.Result one = paas.run("restart", "web.1", "-a", "my-app");
    assertThat(type.exit()).isZero();
    assertThat(type.err()).isEqualTo("Restarting all web dynos on my-app... done\n");
    assertThat(one.exit()).isZero();
    assertThat(one.err()).isEqualTo("Restarting dyno web.1 on my-app... done\n");
    api.only("DELETE", "/apps/my-app/dynos/web");
    api.only("DELETE", "/apps/my-app/dynos/web.1");
  }

  @Test
  void stopPostsTheStopActionWithoutBody() {
    api.on("POST", "/apps/my-app/dynos/web.1/actions/stop", 202, "{}");
    Harness.Result result = paas.run("ps:stop", "web.1", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/dynos/web.1/actions/stop").body()).isEmpty();
    assertThat(result.err()).isEqualTo("Stopping dyno web.1 on my-app... done\n");
  }

  @Test
  void stopAliasAndATypeSayDynos() {
    api.on("POST", "/apps/my-app/dynos/worker/actions/stop", 202, "{}");
    Harness.Result result = paas.run("stop", "worker", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Stopping all worker dynos on my-app... done\n");
  }

  @Test
  void stopNeedsADynoOrType() {
    Harness.Result result = paas.run("ps:stop", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void stopOfAnUnknownDynoShowsTheApiMessage() {
    api.on("POST", "/apps/my-app/dynos/web.9/actions/stop", 404, "{\"id\":\"not_found\",\"message\":\"my-app has no dyno web.9\"}");
    Harness.Result result = paas.run("ps:stop", "web.9", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Stopping dyno web.9 on my-app... !\n !    my-app has no dyno web.9\n");
  }

  @Test
  void restartTakesHerokusProcessTypeAndDynoNameFlags() {
    api.on("DELETE", "/apps/my-app/dynos/web", 202, "{}");
    api.on("DELETE", "/apps/my-app/dynos/web.2", 202, "{}");
    Harness.Result type = paas.run("ps:restart", "-p", "web", "-a", "my-app");
    Harness.Result longType = paas.run("ps:restart", "--process-type", "web", "-a", "my-app");
    Harness.Result dyno = paas.run("ps:restart", "--dyno-name", "web.2", "-a", "my-app");
    Harness.Result shortDyno = paas.run("ps:restart", "-d", "web.2", "-a", "my-app");
    assertThat(type.err()).isEqualTo("Restarting all web dynos on my-app... done\n");
    assertThat(longType.exit()).isZero();
    assertThat(dyno.err()).isEqualTo("Restarting dyno web.2 on my-app... done\n");
    assertThat(shortDyno.exit()).isZero();
    assertThat(requests()).containsExactly("DELETE /apps/my-app/dynos/web", "DELETE /apps/my-app/dynos/web",
        "DELETE /apps/my-app/dynos/web.2", "DELETE /apps/my-app/dynos/web.2");
  }

  @Test
  void stopAndKillTakeTheFlagsToo() {
    api.on("POST", "/apps/my-app/dynos/worker/actions/stop", 202, "{}");
    api.on("POST", "/apps/my-app/dynos/run.4312/actions/stop", 202, "{}");
    Harness.Result type = paas.run("ps:stop", "--process-type", "worker", "-a", "my-app");
    Harness.Result kill = paas.run("ps:kill", "-d", "run.4312", "-a", "my-app");
    Harness.Result killPositional = paas.run("ps:kill", "run.4312", "-a", "my-app");
    assertThat(type.err()).isEqualTo("Stopping all worker dynos on my-app... done\n");
    assertThat(kill.err()).isEqualTo("Stopping dyno run.4312 on my-app... done\n");
    assertThat(killPositional.exit()).isZero();
    assertThat(requests()).containsExactly("POST /apps/my-app/dynos/worker/actions/stop",
        "POST /apps/my-app/dynos/run.4312/actions/stop", "POST /apps/my-app/dynos/run.4312/actions/stop");
  }

  @Test
  void aWrongKindOfNameOrTwoChoicesAreUsageErrorsThatSendNothing() {
    Harness.Result both = paas.run("ps:restart", "-p", "web", "-d", "web.1", "-a", "my-app");
    Harness.Result typeAndPositional = paas.run("ps:stop", "-p", "web", "web.1", "-a", "my-app");
    Harness.Result dynoAsType = paas.run("ps:restart", "-p", "web.1", "-a", "my-app");
    Harness.Result typeAsDyno = paas.run("ps:stop", "--dyno-name", "web", "-a", "my-app");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("not several");
    assertThat(typeAndPositional.exit()).isEqualTo(2);
    assertThat(dynoAsType.exit()).isEqualTo(2);
    assertThat(dynoAsType.err()).contains("for one dyno use --dyno-name web.1");
    assertThat(typeAsDyno.exit()).isEqualTo(2);
    assertThat(typeAsDyno.err()).contains("use --process-type web");
    assertThat(api.requests()).isEmpty();
  }
}
