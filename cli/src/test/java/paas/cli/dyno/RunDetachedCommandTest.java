package paas.cli.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;

class RunDetachedCommandTest extends CommandTest {
  @BeforeEach
  void dynoStarts() {
    api.on("POST", "/apps/my-app/dynos", 201, """
        {"name":"run.1234","type":"run","state":"starting","command":"x","size":"standard-2x",
         "release":{"version":7},"created_at":"2026-11-24T22:00:00Z","attach_url":null}""");
  }

  @Test
  void startsADetachedDynoAndSaysHowToReadItsOutputAsHerokuDoes() {
    Harness.Result result = paas.run("run:detached", "-e", "A=1;B=2", "-s", "Standard-2X", "-a", "my-app",
        "rake", "db:migrate");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("POST", "/apps/my-app/dynos").body()).isEqualTo(
        "{\"command\":\"rake db:migrate\",\"env\":{\"A\":\"1\",\"B\":\"2\"},\"size\":\"Standard-2X\",\"attach\":false}");
    assertThat(result.err()).isEqualTo("Running `rake db:migrate` on my-app... done, run.1234\n");
    assertThat(result.out()).isEqualTo("Run paas logs --app my-app --dyno run.1234 to view the output.\n");
  }

  @Test
  void itsOptionsMayFollowTheCommandAndTheCommandKeepsItsOwn() {
    Harness.Result result = paas.run("run:detached", "psql", "-d", "mydb", "-c", "select 1", "-a", "my-app", "--type", "run");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("POST", "/apps/my-app/dynos").body())
        .isEqualTo("{\"command\":\"psql -d mydb -c select 1\",\"attach\":false}");
  }

  @Test
  void tailFollowsTheDynosLinesInsteadOfTellingHowTo() {
    api.on("POST", "/apps/my-app/log-sessions", 201, "{\"logplex_url\":\"/log-sessions/s3cret\"}");
    api.on("GET", "/log-sessions/s3cret", request -> new FakeApi.Reply(200,
        "2026-11-24T22:00:01.000000+00:00 app[run.1234]: migrated\n", Map.of("Content-Type", "text/plain")));
    Harness.Result result = paas.run("run:detached", "--tail", "rake", "db:migrate", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("POST", "/apps/my-app/log-sessions").body()).isEqualTo("{\"tail\":true,\"dyno\":\"run.1234\"}");
    assertThat(result.out()).isEqualTo("2026-11-24T22:00:01.000000+00:00 app[run.1234]: migrated\n");
  }

  @Test
  void aCommandIsNeededAndTypeIsRunOnly() {
    assertThat(paas.run("run:detached", "-a", "my-app").exit()).isEqualTo(2);
    Harness.Result worker = paas.run("run:detached", "--type", "worker", "bash", "-a", "my-app");
    assertThat(worker.exit()).isEqualTo(2);
    assertThat(worker.err()).contains("one-off dynos are of type run here");
    assertThat(api.requests()).isEmpty();
  }
}
