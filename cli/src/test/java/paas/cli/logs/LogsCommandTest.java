package paas.cli.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;
import paas.cli.core.CliContext;

class LogsCommandTest extends CommandTest {
  private static final String LINES = """
      2026-11-24T22:00:00.123456+00:00 paas[api]: Release v7 created by dev@example.com
      2026-11-24T22:00:01.000000+00:00 app[web.1]: listening on 5000\r with a carriage return
      2026-11-24T22:00:02.000000+00:00 router[web.1]: at=info method=GET path="/" status=200
      """;

  @BeforeEach
  void stubLogSession() {
    api.on("GET", "/log-sessions/s3cret",
        request -> new FakeApi.Reply(200, LINES, Map.of("Content-Type", "text/plain; charset=utf-8")));
  }

  private void session(String logplexUrl) {
    api.on("POST", "/apps/my-app/log-sessions", 201,
        "{\"id\":\"ls-1\",\"logplex_url\":\"" + logplexUrl + "\",\"created_at\":\"2026-11-24T22:00:00Z\"}");
  }

  @Test
  void logsOpensASessionWithoutUnsetFieldsAndPrintsTheLinesAsReceived() {
    session(api.url() + "/log-sessions/s3cret");
    Harness.Result result = paas.run("logs", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/log-sessions").body()).isEqualTo("{}");
    FakeApi.Request stream = api.only("GET", "/log-sessions/s3cret");
    assertThat(stream.header("Authorization")).isEqualTo("Bearer secret-token");
    assertThat(result.out()).isEqualTo(LINES);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void everyFilterGoesIntoTheSessionRequest() {
    session("/log-sessions/s3cret");
    Harness.Result result = paas.run("logs", "-n", "1500", "--tail", "--source", "router", "--dyno", "web.1", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/log-sessions").body())
        .isEqualTo("{\"lines\":1500,\"tail\":true,\"source\":\"router\",\"dyno\":\"web.1\"}");
    assertThat(result.out()).isEqualTo(LINES);
  }

  @Test
  void shortOptionsToo() {
    session("/log-sessions/s3cret");
    Harness.Result result = paas.run("logs", "-n", "1", "-t", "-s", "build", "-d", "web", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/log-sessions").body())
        .isEqualTo("{\"lines\":1,\"tail\":true,\"source\":\"build\",\"dyno\":\"web\"}");
  }

  @Test
  void numOutsideOneTo1500IsAUsageErrorBeforeAnyRequest() {
    for (String n : new String[] {"0", "1501", "-3"}) {
      Harness.Result result = paas.run("logs", "-n", n, "-a", "my-app");
      assertThat(result.exit()).as("-n " + n).isEqualTo(2);
      assertThat(result.err()).contains("--num must be 1 to 1500");
    }
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void unknownSourceIsAUsageErrorBeforeAnyRequest() {
    Harness.Result result = paas.run("logs", "--source", "kernel", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--source must be one of app, router, paas, build (or heroku for paas), not 'kernel'");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void noColourWithNoColorEvenOnATerminal() {
    session("/log-sessions/s3cret");
    paas.ttys = new CliContext.Ttys(true, true, true);
    paas.env.put("NO_COLOR", "1");
    Harness.Result result = paas.run("logs", "-a", "my-app");
    assertThat(result.out()).isEqualTo(LINES);
  }

  @Test
  void colourOnATerminal() {
    session("/log-sessions/s3cret");
    paas.ttys = new CliContext.Ttys(false, true, false);
    Harness.Result result = paas.run("logs", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("\u001b[2m2026-11-24T22:00:00.123456+00:00\u001b[0m \u001b[35mpaas[api]:\u001b[0m Release v7")
        .contains("\u001b[34mrouter[web.1]:\u001b[0m at=info");
  }

  @Test
  void refusedStreamShowsTheApiMessage() {
    session("/log-sessions/expired");
    api.on("GET", "/log-sessions/expired", 404,
        "{\"id\":\"not_found\",\"message\":\"this log session is unknown, used or expired: run paas logs again\"}");
    Harness.Result result = paas.run("logs", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    this log session is unknown, used or expired: run paas logs again\n");
  }

  @Test
  void refusedSessionShowsTheApiMessage() {
    api.on("POST", "/apps/my-app/log-sessions", 404, "{\"id\":\"not_found\",\"message\":\"no app my-app\"}");
    Harness.Result result = paas.run("logs", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    no app my-app\n");
  }

  @Test
  void herokusProcessTypeAndDynoNameFlagsFilterByTheApisDynoField() {
    session("/log-sessions/s3cret");
    paas.run("logs", "-p", "web", "-a", "my-app");
    paas.run("logs", "--process-type", "worker", "-a", "my-app");
    paas.run("logs", "--dyno-name", "web.1", "-a", "my-app");
    paas.run("logs", "-d", "run.4312", "-a", "my-app");
    assertThat(api.requests()).filteredOn(r -> r.method().equals("POST")).extracting(FakeApi.Request::body)
        .containsExactly("{\"dyno\":\"web\"}", "{\"dyno\":\"worker\"}", "{\"dyno\":\"web.1\"}", "{\"dyno\":\"run.4312\"}");
  }

  @Test
  void processTypeAndDynoNameTogetherOrADynoAsTypeAreUsageErrors() {
    assertThat(paas.run("logs", "-p", "web", "-d", "web.1", "-a", "my-app").exit()).isEqualTo(2);
    Harness.Result dynoAsType = paas.run("logs", "-p", "web.1", "-a", "my-app");
    assertThat(dynoAsType.exit()).isEqualTo(2);
    assertThat(dynoAsType.err()).contains("for one dyno use --dyno-name web.1");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void herokuAsSourceIsThePlatformsOwnLines() {
    session("/log-sessions/s3cret");
    Harness.Result result = paas.run("logs", "-s", "heroku", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/log-sessions").body()).isEqualTo("{\"source\":\"paas\"}");
  }

  @Test
  void forceColorsColoursAPipeAndNoColorLeavesATerminalPlain() {
    session("/log-sessions/s3cret");
    Harness.Result forced = paas.run("logs", "--force-colors", "-a", "my-app");
    paas.ttys = new CliContext.Ttys(false, true, false);
    Harness.Result plain = paas.run("logs", "--no-color", "-a", "my-app");
    assertThat(forced.exit()).isZero();
    assertThat(forced.out()).contains("\u001b[2m2026-11-24T22:00:00.123456+00:00\u001b[0m");
    assertThat(plain.exit()).isZero();
    assertThat(plain.out()).isEqualTo(LINES);
    assertThat(paas.run("logs", "--force-colors", "--no-color", "-a", "my-app").exit()).isEqualTo(2);
  }
}
