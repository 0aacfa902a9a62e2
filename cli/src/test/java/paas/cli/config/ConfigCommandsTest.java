package paas.cli.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;

class ConfigCommandsTest extends CommandTest {
  private static final String VARS = "{\"DATABASE_URL\":\"postgres://db/x\",\"A\":\"it's\",\"EMPTY\":\"\"}";

  @BeforeEach
  void stubReleases() {
    api.on("GET", "/apps/my-app/releases", 200, "[{\"id\":\"r7\",\"version\":7,\"current\":true}]");
  }

  @Test
  void configListsVarsSortedAndAlignedUnderAHeader() {
    api.on("GET", "/apps/my-app/config-vars", 200, VARS);
    Harness.Result result = paas.run("config", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === my-app Config Vars
        A:            it's
        DATABASE_URL: postgres://db/x
        EMPTY:
        """);
    assertThat(result.err()).isEmpty();
  }

  @Test
  void configShellPrintsQuotedAssignments() {
    api.on("GET", "/apps/my-app/config-vars", 200, VARS);
    assertThat(paas.run("config", "-s", "-a", "my-app").out()).isEqualTo("""
        A='it'\\''s'
        DATABASE_URL='postgres://db/x'
        EMPTY=''
        """);
  }

  @Test
  void configJsonPrintsTheApiMapPretty() {
    api.on("GET", "/apps/my-app/config-vars", 200, "{\"A\":\"1\",\"B\":\"2\"}");
    assertThat(paas.run("config", "--json", "-a", "my-app").out()).isEqualTo("{\n  \"A\": \"1\",\n  \"B\": \"2\"\n}\n");
  }

  @Test
  void configGetPrintsTheValueOrAnEmptyLineWhenUnset() {
    api.on("GET", "/apps/my-app/config-vars", 200, VARS);
    Harness.Result set = paas.run("config:get", "DATABASE_URL", "-a", "my-app");
    Harness.Result unset = paas.run("config:get", "NOPE", "-a", "my-app");
    assertThat(set.exit()).isZero();
    assertThat(set.out()).isEqualTo("postgres://db/x\n");
    assertThat(unset.exit()).isZero();
    assertThat(unset.out()).isEqualTo("\n");
  }

  @Test
  void configGetWithSeveralKeysPrintsOneLineEachInTheirOrder() {
    api.on("GET", "/apps/my-app/config-vars", 200, VARS);
    Harness.Result result = paas.run("config:get", "DATABASE_URL", "NOPE", "A", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("postgres://db/x\n\nit's\n");
    assertThat(api.requests()).hasSize(1);
    assertThat(paas.run("config:get", "A", "NOPE", "-s", "-a", "my-app").out()).isEqualTo("A='it'\\''s'\nNOPE=''\n");
  }

  @Test
  void configGetJsonGivesKeyAndValueAsHerokuDoes() {
    api.on("GET", "/apps/my-app/config-vars", 200, VARS);
    assertThat(paas.run("config:get", "A", "-j", "-a", "my-app").out())
        .isEqualTo("{\n  \"key\": \"A\",\n  \"value\": \"it's\"\n}\n");
    assertThat(paas.run("config:get", "A", "NOPE", "--json", "-a", "my-app").out()).isEqualTo("""
        [
          {
            "key": "A",
            "value": "it's"
          },
          {
            "key": "NOPE",
            "value": null
          }
        ]
        """);
  }

  @Test
  void configGetWithBadKeyIsAUsageErrorBeforeAnyRequest() {
    Harness.Result result = paas.run("config:get", "NOT-A-KEY", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("invalid config var name 'NOT-A-KEY': names start with a letter or underscore");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void configSetSendsOnePatchThenReportsTheNewestReleaseVersion() {
    api.on("PATCH", "/apps/my-app/config-vars", 200, "{\"A\":\"1\",\"URL\":\"http://x/?a=b\",\"EMPTY\":\"\",\"OLD\":\"o\"}");
    Harness.Result result = paas.run("config:set", "A=1", "URL=http://x/?a=b", "EMPTY=", "-a", "my-app");
    assertThat(result.exit()).isZero();
    FakeApi.Request patch = api.only("PATCH", "/apps/my-app/config-vars");
    assertThat(patch.body()).isEqualTo("{\"A\":\"1\",\"URL\":\"http://x/?a=b\",\"EMPTY\":\"\"}");
    assertThat(patch.header("Content-Type")).isEqualTo("application/json");
    FakeApi.Request releases = api.only("GET", "/apps/my-app/releases");
    assertThat(releases.header("Range")).isEqualTo("version ..; max=1, order=desc");
    assertThat(api.requests()).extracting(FakeApi.Request::method).containsExactly("PATCH", "GET");
    assertThat(result.err()).isEqualTo("Setting A, URL, EMPTY and restarting my-app... done, v7\n");
    assertThat(result.out()).isEqualTo("A:     1\nURL:   http://x/?a=b\nEMPTY:\n");
  }

  @Test
  void configSetWithAnArgumentWithoutEqualsIsAUsageErrorBeforeAnyRequest() {
    Harness.Result result = paas.run("config:set", "A=1", "B", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains(" !    'B' is not KEY=VALUE");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void configSetWithABadKeyIsAUsageErrorBeforeAnyRequest() {
    Harness.Result result = paas.run("config:set", "1A=1", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("^[A-Za-z_][A-Za-z0-9_]*$");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void configUnsetPatchesNullsAndReportsTheVersion() {
    api.on("PATCH", "/apps/my-app/config-vars", 200, "{\"KEEP\":\"1\"}");
    Harness.Result result = paas.run("config:unset", "A", "B", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("PATCH", "/apps/my-app/config-vars").body()).isEqualTo("{\"A\":null,\"B\":null}");
    assertThat(result.err()).isEqualTo("Unsetting A, B and restarting my-app... done, v7\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void appComesFromPaasAppWhenNoOptionIsGiven() {
    paas.env.put("PAAS_APP", "env-app");
    api.on("GET", "/apps/env-app/config-vars", 200, "{}");
    assertThat(paas.run("config").exit()).isZero();
    assertThat(api.only("GET", "/apps/env-app/config-vars")).isNotNull();
    assertThat(paas.git.remoteReads).isZero();
  }

  @Test
  void appComesFromTheGitRemoteOnTheApiHost() {
    paas.git.remotes.put("origin", "git@github.com:me/site.git");
    paas.git.remotes.put("paas", api.url() + "/remote-app.git");
    api.on("GET", "/apps/remote-app/config-vars", 200, "{}");
    Harness.Result result = paas.run("config");
    assertThat(result.exit()).isZero();
    assertThat(api.only("GET", "/apps/remote-app/config-vars")).isNotNull();
  }

  @Test
  void noAppAnywhereIsAnErrorBeforeAnyRequest() {
    Harness.Result result = paas.run("config");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    no app specified: use -a APP, set PAAS_APP, or run `paas git:remote -a APP` in your repository\n");
    assertThat(api.requests()).isEmpty();
  }
}
