package paas.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;
import paas.cli.core.Json;

class BuildCommandsTest extends CommandTest {
  private static final String FIRST = "0123abcd-1111-4111-8111-111111111111";
  private static final String SECOND = "0123abcd-2222-4222-8222-222222222222";
  private static final String NEWEST = "9f8e7d6c-3333-4333-8333-333333333333";

  // Oldest first, as the API lists builds.
  private static final String BUILDS = """
      [{"id":"%s","status":"succeeded","source_blob":{"version":"1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b"},
        "slug":{"id":"slug-1"},"release":{"id":"release-2"},"user":{"id":"u","email":"dev@example.com"},
        "created_at":"2026-11-24T22:00:00Z","updated_at":"2026-11-24T22:01:00Z","output_stream_url":null},
       {"id":"%s","status":"failed","source_blob":{"version":"2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"},
        "slug":null,"release":null,"user":{"id":"u","email":"ops@example.com"},
        "created_at":"2026-11-24T22:02:00Z","updated_at":"2026-11-24T22:03:00Z","output_stream_url":null},
       {"id":"%s","status":"succeeded","source_blob":{"version":"3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d"},
        "slug":{"id":"slug-3"},"release":{"id":"release-3"},"user":{"id":"u","email":"dev@example.com"},
        "created_at":"2026-11-24T22:04:00Z","updated_at":"2026-11-24T22:05:00Z","output_stream_url":null}]"""
      .formatted(FIRST, SECOND, NEWEST);

  @BeforeEach
  void stubBuilds() {
    api.on("GET", "/apps/my-app/builds", 200, BUILDS);
  }

  @Test
  void buildsListsNewestFirstWithShortIdsAndCommits() {
    Harness.Result result = paas.run("builds", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEqualTo("""
        === my-app Builds
        9f8e7d6c  succeeded  3c4d5e6  dev@example.com  2026-11-24T22:04:00Z
        0123abcd  failed     2b3c4d5  ops@example.com  2026-11-24T22:02:00Z
        0123abcd  succeeded  1a2b3c4  dev@example.com  2026-11-24T22:00:00Z
        """);
    assertThat(requests()).containsExactly("GET /apps/my-app/builds");
  }

  @Test
  void buildsShowsTheNewestTenByDefaultAndNWithNum() {
    List<String> many = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      many.add("{\"id\":\"%08x-0000-4000-8000-000000000000\",\"status\":\"succeeded\"}".formatted(i));
    }
    api.on("GET", "/apps/my-app/builds", 200, "[" + String.join(",", many) + "]");
    List<String> lines = paas.run("builds", "-a", "my-app").out().lines().toList();
    assertThat(lines).hasSize(11);
    assertThat(lines.get(1)).startsWith("0000000c  ");
    assertThat(lines.get(10)).startsWith("00000003  ");
    assertThat(paas.run("builds", "--num", "2", "-a", "my-app").out()).isEqualTo("""
        === my-app Builds
        0000000c  succeeded
        0000000b  succeeded
        """);
  }

  @Test
  void buildsJsonPrintsTheApiObjectsNewestFirst() {
    Harness.Result result = paas.run("builds", "-n", "2", "--json", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("[\n  {\n    \"id\": \"" + NEWEST + "\",\n    \"status\": \"succeeded\",\n")
        .contains("\"source_blob\": {\n      \"version\": \"3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d\"\n    }")
        .contains(SECOND).doesNotContain(FIRST).endsWith("}\n]\n");
    assertThat(result.out().indexOf(NEWEST)).isLessThan(result.out().indexOf(SECOND));
  }

  @Test
  void buildsOfAnAppWithoutBuildsSaysHowToMakeOne() {
    api.on("GET", "/apps/my-app/builds", 200, "[]");
    Harness.Result result = paas.run("builds", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo(
        "my-app has no builds yet: `git push paas main` builds one (`paas git:remote -a my-app` adds the remote)\n");
    assertThat(paas.run("builds", "--json", "-a", "my-app").out()).isEqualTo("[]\n");
  }

  @Test
  void buildsNumBelowOneIsAUsageError() {
    Harness.Result result = paas.run("builds", "-n", "0", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--num must be 1 or more, not 0");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void buildsFindsTheAppFromPaasAppAndFromTheGitRemote() {
    api.on("GET", "/apps/env-app/builds", 200, "[]");
    api.on("GET", "/apps/remote-app/builds", 200, "[]");
    paas.git.remotes.put("paas", api.url() + "/remote-app.git");
    assertThat(paas.run("builds").exit()).isZero();
    paas.env.put("PAAS_APP", "env-app");
    assertThat(paas.run("builds").exit()).isZero();
    assertThat(requests()).containsExactly("GET /apps/remote-app/builds", "GET /apps/env-app/builds");
  }

  @Test
  void buildsInfoDefaultsToTheNewestBuild() {
    Harness.Result result = paas.run("builds:info", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("""
        === Build 9f8e7d6c-3333-4333-8333-333333333333
        Status:  succeeded
        Commit:  3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d
        By:      dev@example.com
        Created: 2026-11-24T22:04:00Z
        Updated: 2026-11-24T22:05:00Z
        Slug:    slug-3
        Release: release-3
        """);
    assertThat(requests()).containsExactly("GET /apps/my-app/builds");
  }

  @Test
  void buildsInfoResolvesAUniquePrefixWithOrWithoutDashes() {
    Harness.Result dashed = paas.run("builds:info", "0123ABCD-2", "-a", "my-app");
    assertThat(dashed.exit()).isZero();
    assertThat(dashed.out()).isEqualTo("""
        === Build 0123abcd-2222-4222-8222-222222222222
        Status:  failed
        Commit:  2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c
        By:      ops@example.com
        Created: 2026-11-24T22:02:00Z
        Updated: 2026-11-24T22:03:00Z
        Slug:    (none)
        Release: (none)
        """);
    assertThat(paas.run("builds:info", "0123abcd1", "-a", "my-app").out()).startsWith("=== Build " + FIRST + "\n");
    assertThat(paas.run("builds:info", "9f8e7d6c", "-a", "my-app").out()).startsWith("=== Build " + NEWEST + "\n");
    assertThat(requests()).containsOnly("GET /apps/my-app/builds");
  }

  @Test
  void buildsInfoWithAnAmbiguousPrefixListsTheMatchesAndAsksForMore() {
    Harness.Result result = paas.run("builds:info", "0123abcd", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo(" !    0123abcd matches 2 builds of my-app (" + SECOND + ", " + FIRST
        + "): give more of the id\n");
    assertThat(requests()).containsExactly("GET /apps/my-app/builds");
  }

  @Test
  void buildsInfoWithAnUnknownPrefixSaysWhereToLook() {
    Harness.Result result = paas.run("builds:info", "deadbeef", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(
        " !    no build of my-app has an id starting with deadbeef: `paas builds -a my-app` lists them\n");
  }

  @Test
  void buildsInfoWithSomethingThatIsNoBuildIdIsAUsageError() {
    for (String ref : List.of("0123abc", "latest", "0123abcg")) {
      Harness.Result result = paas.run("builds:info", ref, "-a", "my-app");
      assertThat(result.exit()).isEqualTo(2);
      assertThat(result.err()).contains(" !    '" + ref + "' is not a build id: give a build's id or its first 8 or more characters");
    }
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void buildsInfoWithAWholeIdAsksForThatBuildOnly() {
    api.on("GET", "/apps/my-app/builds/" + FIRST, 200,
        "{\"id\":\"" + FIRST + "\",\"status\":\"succeeded\",\"source_blob\":{\"version\":\"abc\"}}");
    Harness.Result result = paas.run("builds:info", FIRST, "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).startsWith("=== Build " + FIRST + "\nStatus:  succeeded\nCommit:  abc\nBy:\n");
    assertThat(requests()).containsExactly("GET /apps/my-app/builds/" + FIRST);
  }

  @Test
  void buildsInfoJsonPrintsTheBuild() {
    api.on("GET", "/apps/my-app/builds/" + FIRST, 200, "{\"id\":\"" + FIRST + "\",\"status\":\"succeeded\"}");
    Harness.Result result = paas.run("builds:info", FIRST, "--json", "-a", "my-app");
    assertThat(result.out()).isEqualTo("{\n  \"id\": \"" + FIRST + "\",\n  \"status\": \"succeeded\"\n}\n");
    assertThat(paas.run("builds:info", "--json", "-a", "my-app").out()).startsWith("{\n  \"id\": \"" + NEWEST + "\",\n");
  }

  @Test
  void buildsInfoOfAnAppWithoutBuildsFails() {
    api.on("GET", "/apps/my-app/builds", 200, "[]");
    Harness.Result result = paas.run("builds:info", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith(" !    my-app has no builds yet: `git push paas main` builds one");
  }

  @Test
  void buildsInfoShowsTheApiMessageWhenItRefuses() {
    api.on("GET", "/apps/my-app/builds/" + FIRST, 404, "{\"id\":\"not_found\",\"message\":\"build " + FIRST
        + " of app my-app not found: `paas builds -a my-app` lists them\"}");
    Harness.Result result = paas.run("builds:info", FIRST, "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo(" !    build " + FIRST + " of app my-app not found: `paas builds -a my-app` lists them\n");
  }

  @Test
  void buildsOutputPrintsTheNewestBuildsOutputVerbatim() {
    String output = "-----> Building on the Node.js buildpack\n       npm ci\n\n  indented  line\t\n-----> Done\n";
    api.on("GET", "/apps/my-app/builds/" + NEWEST + "/output", 200,
        "{\"id\":\"" + NEWEST + "\",\"status\":\"succeeded\",\"output\":" + json(output) + "}");
    Harness.Result result = paas.run("builds:output", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo(output);
    assertThat(result.err()).isEmpty();
    assertThat(requests()).containsExactly("GET /apps/my-app/builds", "GET /apps/my-app/builds/" + NEWEST + "/output");
  }

  @Test
  void buildsOutputAddsNoNewlineAndTakesNoneAway() {
    api.on("GET", "/apps/my-app/builds/" + SECOND + "/output", 200,
        "{\"id\":\"" + SECOND + "\",\"status\":\"failed\",\"output\":\"line 1\\r\\nno newline at the end\"}");
    assertThat(paas.run("builds:output", "0123abcd-2", "-a", "my-app").out()).isEqualTo("line 1\r\nno newline at the end");
    api.on("GET", "/apps/my-app/builds/" + SECOND + "/output", 200,
        "{\"id\":\"" + SECOND + "\",\"status\":\"failed\",\"output\":\"two newlines\\n\\n\"}");
    assertThat(paas.run("builds:output", "0123abcd-2", "-a", "my-app").out()).isEqualTo("two newlines\n\n");
    api.on("GET", "/apps/my-app/builds/" + SECOND + "/output", 200,
        "{\"id\":\"" + SECOND + "\",\"status\":\"failed\",\"output\":\"\"}");
    Harness.Result empty = paas.run("builds:output", "0123abcd-2", "-a", "my-app");
    assertThat(empty.exit()).isZero();
    assertThat(empty.out()).isEmpty();
  }

  @Test
  void buildsOutputWithAWholeIdAsksForItsOutputOnly() {
    api.on("GET", "/apps/my-app/builds/" + FIRST + "/output", 200, "{\"id\":\"" + FIRST + "\",\"status\":\"succeeded\",\"output\":\"ok\\n\"}");
    Harness.Result result = paas.run("builds:output", FIRST, "-a", "my-app");
    assertThat(result.out()).isEqualTo("ok\n");
    assertThat(requests()).containsExactly("GET /apps/my-app/builds/" + FIRST + "/output");
  }

  @Test
  void buildsOutputOfARunningBuildSaysSoOnStderr() {
    api.on("GET", "/apps/my-app/builds/" + NEWEST + "/output", 200,
        "{\"id\":\"" + NEWEST + "\",\"status\":\"pending\",\"output\":\"-----> Installing\\n\"}");
    Harness.Result result = paas.run("builds:output", "-a", "my-app");
    assertThat(result.out()).isEqualTo("-----> Installing\n");
    assertThat(result.err()).isEqualTo("Build " + NEWEST + " is still running; its output so far follows.\n");
  }

  @Test
  void buildsOutputWithAnAmbiguousPrefixFailsBeforeAskingForOutput() {
    Harness.Result result = paas.run("builds:output", "0123abcd", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("0123abcd matches 2 builds of my-app").contains("give more of the id");
    assertThat(requests()).containsExactly("GET /apps/my-app/builds");
  }

  private static String json(String text) {
    return Json.compact(TextNode.valueOf(text));
  }
}
