package paas.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;
import paas.cli.core.Git;

class AppCommandsTest extends CommandTest {
  private String app(String name) {
    return """
        {"id":"a1","name":"%s","created_at":"2026-11-24T22:00:00.000000Z","updated_at":"2026-11-24T22:00:00.000000Z",
         "released_at":"2026-11-24T22:05:00.000000Z","git_url":"%s/%s.git","web_url":"http://%s.paas.example/",
         "maintenance":false,"owner":{"id":"u1","email":"dev@example.com"},"stack":{"name":"heroku-24"}}"""
        .formatted(name, api.url(), name, name);
  }

  @Test
  void appsListsTheNamesOfYourOwnAppsUnderYourEmail() {
    api.on("GET", "/apps", 200, "[" + app("alpha") + "," + app("beta-two") + "]");
    api.on("GET", "/account", 200, "{\"id\":\"u1\",\"email\":\"dev@example.com\"}");
    Harness.Result result = paas.run("apps");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("=== dev@example.com Apps\nalpha\nbeta-two\n");
  }

  @Test
  void appsFollowsNextRangeAcrossPages() {
    api.on("GET", "/apps", request -> request.header("Range").equals("name ..; max=1000")
        ? new FakeApi.Reply(206, "[" + app("alpha") + "]", Map.of("Next-Range", "name ]alpha..; max=1000"))
        : FakeApi.Reply.json(200, "[" + app("beta") + "]"));
    Harness.Result result = paas.run("apps", "--json");
    assertThat(result.exit()).isZero();
    assertThat(api.requests()).extracting(r -> r.header("Range")).containsExactly("name ..; max=1000", "name ]alpha..; max=1000");
    assertThat(result.out()).contains("\"name\": \"alpha\"").contains("\"name\": \"beta\"").startsWith("[\n  {\n");
  }

  @Test
  void appsWithNoneSaysSoOnStderrOnly() {
    api.on("GET", "/apps", 200, "[]");
    Harness.Result result = paas.run("apps");
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("You have no apps.");
  }

  @Test
  void appsCreateWithoutNameLetsThePlatformPickAndAddsTheGitRemote() {
    api.on("POST", "/apps", 201, app("sunny-river-42"));
    Harness.Result result = paas.run("apps:create");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps").body()).isEqualTo("{}");
    assertThat(result.err()).isEqualTo("Creating app... done, sunny-river-42\nset git remote paas to " + api.url() + "/sunny-river-42.git\n");
    assertThat(result.out()).isEqualTo("http://sunny-river-42.paas.example/ | " + api.url() + "/sunny-river-42.git\n");
    assertThat(paas.git.calls).containsExactly("add paas " + api.url() + "/sunny-river-42.git");
  }

  @Test
  void appsCreateWithNameSendsItAndLeavesAnExistingRemoteAlone() {
    paas.git.remotes.put("paas", "http://elsewhere/x.git");
    api.on("POST", "/apps", 201, app("my-app"));
    Harness.Result result = paas.run("create", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps").body()).isEqualTo("{\"name\":\"my-app\"}");
    assertThat(result.err()).startsWith("Creating my-app... done\n").contains("Git remote paas already exists");
    assertThat(paas.git.calls).isEmpty();
  }

  @Test
  void appsCreateWithNoRemoteOutsideARepositoryTouchesNoGit() {
    api.on("POST", "/apps", 201, app("my-app"));
    assertThat(paas.run("apps:create", "my-app", "--no-remote").exit()).isZero();
    paas.git.repository = false;
    assertThat(paas.run("apps:create", "my-app").exit()).isZero();
    assertThat(paas.git.calls).isEmpty();
  }

  @Test
  void appsCreateConflictShowsTheApiMessage() {
    api.on("POST", "/apps", 409, "{\"id\":\"conflict\",\"message\":\"app name 'my-app' is taken: choose another\"}");
    Harness.Result result = paas.run("apps:create", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Creating my-app... !\n !    app name 'my-app' is taken: choose another\n");
    assertThat(paas.git.calls).isEmpty();
  }

  @Test
  void appsInfoPrintsAlignedKeyValuesUnderTheName() {
    api.on("GET", "/apps/my-app", 200, app("my-app"));
    Harness.Result result = paas.run("apps:info", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === my-app
        Git URL:     %s/my-app.git
        Web URL:     http://my-app.paas.example/
        Owner:       dev@example.com
        Stack:       heroku-24
        Maintenance: off
        Created:     2026-11-24T22:00:00.000000Z
        Released:    2026-11-24T22:05:00.000000Z
        """.formatted(api.url()));
  }

  @Test
  void appsInfoShellPrintsHerokusKeysWithAddonsCollaboratorsAndDynoCounts() {
    api.on("GET", "/apps/my-app", 200, app("my-app").replace("\"maintenance\"",
        "\"acm\":false,\"region\":{\"name\":\"local\"},\"repo_size\":5000000,\"slug_size\":null,\"maintenance\""));
    api.on("GET", "/apps/my-app/addons", 200, """
        [{"name":"redis-x","plan":{"name":"heroku-redis:mini"}},{"name":"pg-y","plan":{"name":"heroku-postgresql:essential-0"}}]""");
    api.on("GET", "/apps/my-app/collaborators", 200, """
        [{"user":{"email":"dev@example.com"}},{"user":{"email":"bob@example.com"}},{"user":{"email":"amy@example.com"}}]""");
    api.on("GET", "/apps/my-app/dynos", 200, "[{\"type\":\"web\"},{\"type\":\"worker\"},{\"type\":\"web\"}]");
    Harness.Result result = paas.run("apps:info", "-s", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).isEqualTo("""
        auto_cert_mgmt=false
        addons=heroku-postgresql:essential-0,heroku-redis:mini
        collaborators=amy@example.com,bob@example.com
        git_url=%1$s/my-app.git
        web_url=http://my-app.paas.example/
        repo_size=5 MB
        owner=dev@example.com
        region=local
        dynos={ web: 2, worker: 1 }
        stack=heroku-24
        """.formatted(api.url()));
  }

  @Test
  void appsInfoJsonPrintsTheAppWithItsAddonsCollaboratorsAndDynosAsHerokuDoes() {
    api.on("GET", "/apps/my-app", 200, app("my-app"));
    api.on("GET", "/apps/my-app/addons", 200, "[]");
    // The fake has no /collaborators and no /dynos: they count as none, as in Heroku's CLI.
    Harness.Result result = paas.run("apps:info", "-j", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("{\n  \"addons\": [],\n  \"app\": {\n    \"id\": \"a1\",")
        .contains("\"collaborators\": [],\n  \"dynos\": []\n}");
    assertThat(paas.run("apps:info", "--json", "-a", "my-app").out()).isEqualTo(result.out());
  }

  @Test
  void appsCreateWithABuildpackSetsItRightAfterCreating() {
    api.on("POST", "/apps", 201, app("my-app"));
    api.on("PUT", "/apps/my-app/buildpack-installations", 200, "[{\"ordinal\":0,\"buildpack\":{\"name\":\"heroku/nodejs\"}}]");
    Harness.Result result = paas.run("apps:create", "my-app", "-b", "heroku/nodejs", "--no-remote");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(api.only("PUT", "/apps/my-app/buildpack-installations").body())
        .isEqualTo("{\"updates\":[{\"buildpack\":\"heroku/nodejs\"}]}");
    assertThat(result.err()).contains("Setting buildpack of my-app to heroku/nodejs... done");
    assertThat(paas.git.calls).isEmpty();
  }

  @Test
  void appsCreateWithABuildpackTheApiRefusesSaysTheAppWasCreated() {
    api.on("POST", "/apps", 201, app("my-app"));
    api.on("PUT", "/apps/my-app/buildpack-installations", 422,
        "{\"id\":\"invalid_params\",\"message\":\"unknown buildpack 'ruby'\"}");
    Harness.Result result = paas.run("apps:create", "my-app", "--buildpack", "ruby");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("created my-app, but its buildpack was not set: unknown buildpack 'ruby'")
        .contains("paas buildpacks:set BUILDPACK -a my-app");
  }

  @Test
  void appsOpenStartsBrowserWithTheWebUrlAndPath() throws Exception {
    api.on("GET", "/apps/my-app", 200, app("my-app"));
    Path opened = dir.resolve("opened");
    Path browser = dir.resolve("browser.sh");
    Files.writeString(browser, "#!/bin/sh\nprintf '%s|%s' \"$1\" \"$2\" > '" + opened + ".tmp' && mv '" + opened + ".tmp' '"
        + opened + "'\n");
    Files.setPosixFilePermissions(browser, PosixFilePermissions.fromString("rwx------"));
    paas.env.put("BROWSER", browser + " --new-window");
    Harness.Result result = paas.run("apps:open", "admin", "-a", "my-app");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).isEqualTo("Opening http://my-app.paas.example/admin...\n");
    for (int i = 0; i < 100 && !Files.exists(opened); i++) {
      Thread.sleep(50);
    }
    assertThat(Files.readString(opened)).isEqualTo("--new-window|http://my-app.paas.example/admin");
  }

  @Test
  void appsOpenWithoutABrowserPrintsTheUrl() throws Exception {
    api.on("GET", "/apps/my-app", 200, app("my-app"));
    paas.env.put("PATH", Files.createDirectories(dir.resolve("empty-bin")).toString());
    Harness.Result result = paas.run("open", "/a/b?c=1", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("http://my-app.paas.example/a/b?c=1\n");
    assertThat(result.err()).contains("No browser found: set BROWSER");
    assertThat(paas.run("open", "https://evil.example/", "-a", "my-app").exit()).isEqualTo(2);
  }

  @Test
  void appsOpenGivesTheBrowserOnlyAnHttpUrl() {
    api.on("GET", "/apps/my-app", 200, "{\"name\":\"my-app\",\"web_url\":\"file:///etc/passwd\"}");
    paas.env.put("BROWSER", "/bin/false");
    Harness.Result result = paas.run("apps:open", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("has no http(s) web URL");
  }

  @Test
  void appsDestroyWithoutConfirmRefusesAndSendsNothing() {
    Harness.Result result = paas.run("apps:destroy", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("re-run this command with --confirm my-app");
    Harness.Result wrong = paas.run("destroy", "-a", "my-app", "--confirm", "other-app");
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("Confirmation other-app did not match my-app. Aborted.");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void appsDestroyOnATerminalAsksForTheNameAndDeletesOnlyWhenItIsTyped() {
    api.on("DELETE", "/apps/my-app", 200, app("my-app"));
    paas.ttys = new paas.cli.core.CliContext.Ttys(true, false, true);
    paas.stdin = "my-ap\n";
    Harness.Result mistyped = paas.run("apps:destroy", "-a", "my-app");
    assertThat(mistyped.exit()).isEqualTo(1);
    assertThat(mistyped.err()).contains("To proceed, type my-app or re-run this command with --confirm my-app: ")
        .contains("Confirmation did not match my-app. Aborted.");
    assertThat(api.requests()).isEmpty();
    paas.stdin = "my-app\n";
    Harness.Result typed = paas.run("apps:destroy", "-a", "my-app");
    assertThat(typed.exit()).isZero();
    assertThat(typed.err()).endsWith("--confirm my-app: Destroying my-app... done\n");
    assertThat(api.only("DELETE", "/apps/my-app")).isNotNull();
  }

  @Test
  void appsDestroyWithConfirmDeletesAndRemovesItsGitRemote() {
    paas.git.remotes.put("paas", api.url() + "/my-app.git");
    paas.git.remotes.put("other", api.url() + "/other-app.git");
    api.on("DELETE", "/apps/my-app", 200, app("my-app"));
    Harness.Result result = paas.run("apps:destroy", "-r", "paas", "--confirm", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("DELETE", "/apps/my-app")).isNotNull();
    assertThat(result.err()).isEqualTo("Destroying my-app... done\nremoved git remote paas\n");
    assertThat(paas.git.calls).containsExactly("remove paas");
  }

  @Test
  void appsRenamePatchesTheNameAndRepointsTheRemote() {
    paas.git.remotes.put("paas", api.url() + "/old-app.git");
    api.on("PATCH", "/apps/old-app", 200, app("new-app"));
    Harness.Result result = paas.run("apps:rename", "new-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("PATCH", "/apps/old-app").body()).isEqualTo("{\"name\":\"new-app\"}");
    assertThat(paas.git.calls).containsExactly("set-url paas " + api.url() + "/new-app.git");
    assertThat(result.out()).isEqualTo("http://new-app.paas.example/ | " + api.url() + "/new-app.git\n");
  }

  @Test
  void gitRemoteAddsTheRemoteWithTheAppsGitUrl() {
    api.on("GET", "/apps/my-app", 200, app("my-app"));
    Harness.Result result = paas.run("git:remote", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(paas.git.calls).containsExactly("add paas " + api.url() + "/my-app.git");
    assertThat(result.err()).isEqualTo("set git remote paas to " + api.url() + "/my-app.git\n");
  }

  @Test
  void gitRemoteUpdatesAnExistingRemoteOfTheGivenName() {
    paas.git.remotes.put("staging", "http://old/x.git");
    api.on("GET", "/apps/my-app", 200, app("my-app"));
    assertThat(paas.run("git:remote", "-a", "my-app", "-r", "staging").exit()).isZero();
    assertThat(paas.git.calls).containsExactly("set-url staging " + api.url() + "/my-app.git");
  }

  @Test
  void gitRemoteOutsideARepositoryFailsBeforeAnyRequest() {
    paas.git.repository = false;
    Harness.Result result = paas.run("git:remote", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("is not in a git repository");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void gitRemoteWithoutAppIsAUsageError() {
    Harness.Result result = paas.run("git:remote");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("use -a APP");
  }

  @Test
  void severalRemotesForDifferentAppsAreListed() {
    paas.git.remotes.put("staging", api.url() + "/site-staging.git");
    paas.git.remotes.put("prod", api.url() + "/site-prod.git");
    Harness.Result result = paas.run("apps:info");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("staging -> site-staging").contains("prod -> site-prod").contains("-r REMOTE");
    assertThat(api.requests()).isEmpty();
    api.on("GET", "/apps/site-prod", 200, app("site-prod"));
    assertThat(paas.run("apps:info", "-r", "prod").exit()).isZero();
  }
}
