package paas.cli.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;

class ReleaseCommandsTest extends CommandTest {
  // Newest first, as the API answers "order=desc": v5 failed its release phase, so v4 is current.
  private static final String RECENT = """
      [{"id":"id-5","version":5,"description":"Deploy 5e5e5e5","status":"failed","current":false,
        "user":{"id":"u","email":"dev@example.com"},"created_at":"2026-11-24T22:05:00Z"},
       {"id":"id-4","version":4,"description":"Set A config vars","status":"succeeded","current":true,
        "user":{"id":"u","email":"dev@example.com"},"created_at":"2026-11-24T22:04:00Z",
        "slug":{"id":"slug-4"},"process_types":{"web":"bin/web","worker":"bin/worker"}},
       {"id":"id-3","version":3,"description":"Deploy 3c3c3c3","status":"failed","current":false,
        "user":{"id":"u","email":"dev@example.com"},"created_at":"2026-11-24T22:03:00Z"},
       {"id":"id-2","version":2,"description":"Deploy 2b2b2b2","status":"succeeded","current":false,
        "user":{"id":"u","email":"ops@example.com"},"created_at":"2026-11-24T22:02:00Z"}]""";

  @BeforeEach
  void stubReleases() {
    api.on("GET", "/apps/my-app/releases", 200, RECENT);
  }

  @Test
  void releasesListsNewestFirstAskingForTheNumberWithRange() {
    Harness.Result result = paas.run("releases", "-n", "4", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("GET", "/apps/my-app/releases").header("Range")).isEqualTo("version ..; max=4, order=desc");
    assertThat(result.out()).isEqualTo("""
        === my-app Releases - Current: v4
        v5  Deploy 5e5e5e5 (failed)  dev@example.com  2026/11/24 22:05:00 +0000 (~ 1m ago)
        v4  Set A config vars        dev@example.com  2026/11/24 22:04:00 +0000 (~ 2m ago)
        v3  Deploy 3c3c3c3 (failed)  dev@example.com  2026/11/24 22:03:00 +0000 (~ 3m ago)
        v2  Deploy 2b2b2b2           ops@example.com  2026/11/24 22:02:00 +0000 (~ 4m ago)
        """);
  }

  @Test
  void releasesShowTimesInTheLocalZoneWithTheirAgeAsHerokuDoes() {
    // Heroku's CLI: seconds under a minute, minutes under an hour, hours under 25 hours, then the time alone.
    paas.clock = Clock.fixed(Instant.parse("2026-11-24T22:05:03Z"), ZoneId.of("Europe/Paris"));
    api.on("GET", "/apps/my-app/releases", 200, """
        [{"id":"a","version":3,"description":"Deploy","created_at":"2026-11-24T22:05:00Z"},
         {"id":"b","version":2,"description":"Deploy","created_at":"2026-11-23T22:00:00Z"},
         {"id":"c","version":1,"description":"Deploy","created_at":"2026-11-22T22:05:00Z"}]""");
    Harness.Result result = paas.run("releases", "-a", "my-app");
    assertThat(result.out()).contains("2026/11/24 23:05:00 +0100 (~ 3s ago)\n")
        .contains("2026/11/23 23:00:00 +0100 (~ 24h ago)\n").contains("2026/11/22 23:05:00 +0100\n");
  }

  @Test
  void releasesOutputFollowsTheReleasesOutputStreamUrl() {
    api.on("GET", "/apps/my-app/releases/5", 200, """
        {"id":"id-5","version":5,"output_stream_url":"%s/streams/release-5"}""".formatted(api.url()));
    api.on("GET", "/streams/release-5", 200, "Running release command...\nmigrated\n");
    Harness.Result result = paas.run("releases:output", "v5", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("Running release command...\nmigrated\n");
    assertThat(api.only("GET", "/streams/release-5").header("Authorization")).isEqualTo("Bearer secret-token");
  }

  @Test
  void releasesOutputSendsTheTokenToTheApiOnlyNotToAStreamElsewhere() {
    // localhost is another origin than the API's 127.0.0.1, though the same fake answers both.
    api.on("GET", "/apps/my-app/releases/5", 200, """
        {"id":"id-5","version":5,"output_stream_url":"http://localhost:%d/streams/release-5?secret=s"}""".formatted(api.port()));
    api.on("GET", "/streams/release-5", 200, "done\n");
    Harness.Result result = paas.run("releases:output", "v5", "-a", "my-app");
    assertThat(result.out()).isEqualTo("done\n");
    assertThat(api.only("GET", "/streams/release-5").header("Authorization")).isNull();
  }

  @Test
  void releasesOutputWithoutAStreamShowsTheOutputOfTheBuildThatMadeTheNewestRelease() {
    api.on("GET", "/apps/my-app/builds", 200, """
        [{"id":"b-4","release":{"id":"id-4"}},{"id":"b-5","release":{"id":"id-5"}}]""");
    api.on("GET", "/apps/my-app/builds/b-5/output", 200, "{\"status\":\"failed\",\"output\":\"-----> Building\\nrelease phase failed\\n\"}");
    Harness.Result result = paas.run("releases:output", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("-----> Building\nrelease phase failed\n");
  }

  @Test
  void releasesOutputOfAReleaseWithoutOutputWarnsAsHerokuDoes() {
    api.on("GET", "/apps/my-app/releases/4", 200, "{\"id\":\"id-4\",\"version\":4,\"output_stream_url\":null}");
    api.on("GET", "/apps/my-app/builds", 200, "[]");
    Harness.Result result = paas.run("releases:output", "4", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("Warning: Release v4 has no release output available.");
  }

  @Test
  void releasesOutputOfAStreamNotStartedYetSaysToTryAgain() {
    api.on("GET", "/apps/my-app/releases/5", 200, """
        {"id":"id-5","version":5,"output_stream_url":"/streams/none"}""");
    Harness.Result result = paas.run("releases:output", "5", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).contains("has not started yet. Try again in a few seconds.");
  }

  @Test
  void releasesAsksForFifteenByDefault() {
    paas.run("releases", "-a", "my-app");
    assertThat(api.only("GET", "/apps/my-app/releases").header("Range")).isEqualTo("version ..; max=15, order=desc");
  }

  @Test
  void releasesNumberOutOfRangeIsAUsageError() {
    Harness.Result result = paas.run("releases", "-n", "0", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void releasesInfoDefaultsToTheCurrentReleaseAndShowsItsConfigVars() {
    api.on("GET", "/apps/my-app/releases/4/config-vars", 200, "{\"B\":\"2\",\"A\":\"1\"}");
    Harness.Result result = paas.run("releases:info", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === Release v4
        By:            dev@example.com
        Change:        Set A config vars
        When:          2026-11-24T22:04:00Z
        Slug:          slug-4
        Process types: web, worker

        === v4 Config vars
        A: 1
        B: 2
        """);
  }

  @Test
  void releasesInfoShellPrintsTheConfigVarsAsAssignmentsAndSaysWhetherRollbackIsPossible() {
    api.on("GET", "/apps/my-app/releases/2", 200, """
        {"id":"id-2","version":2,"description":"Deploy","eligible_for_rollback":true,"slug":{"id":"s"}}""");
    api.on("GET", "/apps/my-app/releases/2/config-vars", 200, "{\"B\":\"two words\",\"A\":\"it's\"}");
    Harness.Result result = paas.run("releases:info", "v2", "-s", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("Eligible for Rollback?: Yes\n")
        .endsWith("=== v2 Config vars\nA='it'\\''s'\nB='two words'\n");
  }

  @Test
  void releasesInfoOfAGivenVersionAsksForIt() {
    api.on("GET", "/apps/my-app/releases/2", 200, """
        {"id":"id-2","version":2,"description":"Deploy 2b2b2b2","status":"succeeded","slug":null,"process_types":{}}""");
    api.on("GET", "/apps/my-app/releases/2/config-vars", 200, "{}");
    Harness.Result result = paas.run("releases:info", "v2", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("=== Release v2\n").contains("Slug:          (none)\n").contains("Process types: (none)\n");
  }

  @Test
  void releasesInfoJsonPrintsTheRelease() {
    api.on("GET", "/apps/my-app/releases/2", 200, "{\"id\":\"id-2\",\"version\":2}");
    assertThat(paas.run("releases:info", "2", "--json", "-a", "my-app").out()).isEqualTo("{\n  \"id\": \"id-2\",\n  \"version\": 2\n}\n");
  }

  @Test
  void rollbackWithoutVersionTargetsTheSucceededReleaseBeforeTheCurrent() {
    api.on("POST", "/apps/my-app/releases", 201, "{\"id\":\"id-6\",\"version\":6,\"description\":\"Rollback to v2\"}");
    Harness.Result result = paas.run("rollback", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/releases").body()).isEqualTo("{\"release\":\"id-2\"}");
    assertThat(result.err()).isEqualTo("Rolling back my-app to v2... done, v6\n");
  }

  @Test
  void rollbackToAGivenVersionLooksItUpAndPostsItsId() {
    api.on("GET", "/apps/my-app/releases/3", 200, "{\"id\":\"id-3\",\"version\":3}");
    api.on("POST", "/apps/my-app/releases", 201, "{\"id\":\"id-6\",\"version\":6}");
    Harness.Result result = paas.run("releases:rollback", "v3", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/releases").body()).isEqualTo("{\"release\":\"id-3\"}");
    assertThat(result.err()).isEqualTo("Rolling back my-app to v3... done, v6\n");
  }

  @Test
  void rollbackWithNothingEarlierSaysSo() {
    api.on("GET", "/apps/my-app/releases", 200, "[{\"id\":\"id-1\",\"version\":1,\"status\":\"succeeded\",\"current\":true}]");
    Harness.Result result = paas.run("rollback", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("my-app has no earlier succeeded release with a slug to roll back to");
    assertThat(api.requests()).extracting(FakeApi.Request::method).containsExactly("GET");
  }

  @Test
  void rollbackWithoutVersionPassesOverReleasesWithoutASlug() {
    api.on("GET", "/apps/my-app/releases", 200, """
        [{"id":"id-3","version":3,"status":"succeeded","current":true,"slug":{"id":"s"}},
         {"id":"id-2","version":2,"status":"succeeded","current":false,"slug":null},
         {"id":"id-1","version":1,"status":"succeeded","current":false,"slug":null}]""");
    Harness.Result result = paas.run("rollback", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("my-app has no earlier succeeded release with a slug to roll back to");
    assertThat(api.requests()).extracting(FakeApi.Request::method).containsExactly("GET");
  }

  @Test
  void theApisRefusalOfARollbackIsShown() {
    api.on("GET", "/apps/my-app/releases/1", 200, "{\"id\":\"id-1\",\"version\":1,\"slug\":null}");
    api.on("POST", "/apps/my-app/releases", 422, "{\"id\":\"invalid_params\",\"message\":\"release v1 has no slug"
        + " (it was made before the first deploy), so my-app cannot run from it: roll back to a release with one,"
        + " such as v4 (`paas releases -a my-app` lists them)\"}");
    Harness.Result result = paas.run("rollback", "v1", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Rolling back my-app to v1... !\n !    release v1 has no slug (it was made before"
        + " the first deploy), so my-app cannot run from it: roll back to a release with one, such as v4"
        + " (`paas releases -a my-app` lists them)\n");
  }

  @Test
  void rollbackToSomethingThatIsNoReleaseIsAUsageError() {
    Harness.Result result = paas.run("rollback", "last-tuesday", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("give a version like v5");
    assertThat(api.requests()).isEmpty();
  }
}
