package paas.cli.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.vocabulary.ShippedBuildpacks;
import paas.cli.FakeApi;
import paas.cli.Harness;
import paas.cli.core.Json;

class BuildpackCommandsTest extends CommandTest {
  private static final String PATH = "/apps/my-app/buildpack-installations";

  @BeforeEach
  void answerPutsLikeTheApi() {
    // Like the API: PUT answers the list it now holds.
    api.on("PUT", PATH, request -> FakeApi.Reply.json(200, installations(updates(request.body()))));
  }

  private void installed(String... buildpacks) {
    api.on("GET", PATH, 200, installations(List.of(buildpacks)));
  }

  private static String installations(List<String> buildpacks) {
    List<String> entries = new ArrayList<>();
    for (int i = 0; i < buildpacks.size(); i++) {
      entries.add("{\"ordinal\":%d,\"buildpack\":{\"url\":\"%s\",\"name\":\"%s\"}}".formatted(i, buildpacks.get(i), buildpacks.get(i)));
    }
    return "[" + String.join(",", entries) + "]";
  }

  private static List<String> updates(String body) {
    try {
      List<String> buildpacks = new ArrayList<>();
      for (JsonNode update : Json.MAPPER.readTree(body).path("updates")) {
        buildpacks.add(update.path("buildpack").asText());
      }
      return buildpacks;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void buildpacksListsThemNumberedInOrder() {
    api.on("GET", PATH, 200, """
        [{"ordinal":1,"buildpack":{"url":"https://github.com/me/bp.git","name":"https://github.com/me/bp.git"}},
         {"ordinal":0,"buildpack":{"url":"nodejs","name":"nodejs"}}]""");
    Harness.Result result = paas.run("buildpacks", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEqualTo("""
        === my-app Buildpack URLs
        1. nodejs
        2. https://github.com/me/bp.git
        """);
  }

  @Test
  void buildpacksWithNoneSetSaysDetectionPicksOne() {
    installed();
    Harness.Result result = paas.run("buildpacks", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo(
        "my-app has no buildpack set; detection picks one on each build (nodejs, java-maven, python, go, static, procfile)\n");
  }

  @Test
  void buildpacksJsonPrintsTheInstallations() {
    installed("nodejs");
    Harness.Result result = paas.run("buildpacks", "--json", "-a", "my-app");
    assertThat(result.out()).isEqualTo("""
        [
          {
            "ordinal": 0,
            "buildpack": {
              "url": "nodejs",
              "name": "nodejs"
            }
          }
        ]
        """);
    installed();
    assertThat(paas.run("buildpacks", "--json", "-a", "my-app").out()).isEqualTo("[]\n");
  }

  @Test
  void buildpacksFindsTheAppFromTheGitRemote() {
    api.on("GET", "/apps/remote-app/buildpack-installations", 200, "[]");
    paas.git.remotes.put("paas", api.url() + "/remote-app.git");
    assertThat(paas.run("buildpacks").exit()).isZero();
    assertThat(requests()).containsExactly("GET /apps/remote-app/buildpack-installations");
  }

  @Test
  void setReplacesTheListWithOneWithoutReadingIt() {
    Harness.Result result = paas.run("buildpacks:set", "nodejs", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("Buildpack set. Next release on my-app will use nodejs.\n");
    assertThat(requests()).containsExactly("PUT " + PATH);
    FakeApi.Request put = api.only("PUT", PATH);
    assertThat(put.body()).isEqualTo("{\"updates\":[{\"buildpack\":\"nodejs\"}]}");
    assertThat(put.header("Content-Type")).isEqualTo("application/json");
  }

  @Test
  void setWithIndexReplacesThatPosition() {
    installed("nodejs", "static", "procfile");
    Harness.Result result = paas.run("buildpacks:set", "-i", "2", "java-maven", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(requests()).containsExactly("GET " + PATH, "PUT " + PATH);
    assertThat(api.only("PUT", PATH).body()).isEqualTo(
        "{\"updates\":[{\"buildpack\":\"nodejs\"},{\"buildpack\":\"java-maven\"},{\"buildpack\":\"procfile\"}]}");
    assertThat(result.err()).isEqualTo("""
        Buildpack set. Next release on my-app will use:
          1. nodejs
          2. java-maven
          3. procfile
        """);
  }

  @Test
  void setWithIndexOnePastTheEndAddsIt() {
    installed("nodejs");
    Harness.Result result = paas.run("buildpacks:set", "--index", "2", "static", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("PUT", PATH).body()).isEqualTo("{\"updates\":[{\"buildpack\":\"nodejs\"},{\"buildpack\":\"static\"}]}");
  }

  @Test
  void setWithIndexOneOnNoBuildpacksSetsTheFirst() {
    installed();
    Harness.Result result = paas.run("buildpacks:set", "-i", "1", "static", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("PUT", PATH).body()).isEqualTo("{\"updates\":[{\"buildpack\":\"static\"}]}");
    assertThat(result.err()).isEqualTo("Buildpack set. Next release on my-app will use static.\n");
  }

  @Test
  void setWithIndexPastTheEndSaysWhichAreValid() {
    installed("nodejs", "static");
    Harness.Result result = paas.run("buildpacks:set", "-i", "4", "procfile", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    -i 4 is past the end: my-app has 2 buildpacks, so give -i 1 to 3\n");
    assertThat(requests()).containsExactly("GET " + PATH);
  }

  @Test
  void setWithIndexBelowOneIsAUsageError() {
    Harness.Result result = paas.run("buildpacks:set", "-i", "0", "nodejs", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--index counts from 1, not 0");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void setWithIndexOfABuildpackAlreadyInTheListIsRefused() {
    installed("nodejs", "static");
    Harness.Result result = paas.run("buildpacks:set", "-i", "1", "static", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    static is already buildpack 2 of my-app: `paas buildpacks -a my-app` lists them\n");
    assertThat(requests()).containsExactly("GET " + PATH);
  }

  @Test
  void setWithoutBuildpackIsAUsageError() {
    Harness.Result result = paas.run("buildpacks:set", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("Missing required parameter: 'BUILDPACK'");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void setShowsTheApiRuleWhenItRefusesTheBuildpack() {
    api.on("PUT", PATH, 422, "{\"id\":\"invalid_params\",\"message\":\"unknown buildpack 'ruby': use one of nodejs, "
        + "java-maven, static, procfile, an https:// git URL, or an absolute path on the platform host\"}");
    Harness.Result result = paas.run("buildpacks:set", "ruby", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo(" !    unknown buildpack 'ruby': use one of nodejs, java-maven, static, procfile, "
        + "an https:// git URL, or an absolute path on the platform host\n");
  }

  @Test
  void addAppendsToTheList() {
    installed("nodejs");
    Harness.Result result = paas.run("buildpacks:add", "https://github.com/me/bp.git", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(requests()).containsExactly("GET " + PATH, "PUT " + PATH);
    assertThat(api.only("PUT", PATH).body()).isEqualTo(
        "{\"updates\":[{\"buildpack\":\"nodejs\"},{\"buildpack\":\"https://github.com/me/bp.git\"}]}");
    assertThat(result.err()).isEqualTo("""
        Buildpack added. Next release on my-app will use:
          1. nodejs
          2. https://github.com/me/bp.git
        """);
  }

  @Test
  void addToNoBuildpacksMakesItTheOnlyOne() {
    installed();
    Harness.Result result = paas.run("buildpacks:add", "static", "-a", "my-app");
    assertThat(api.only("PUT", PATH).body()).isEqualTo("{\"updates\":[{\"buildpack\":\"static\"}]}");
    assertThat(result.err()).isEqualTo("Buildpack added. Next release on my-app will use static.\n");
  }

  @Test
  void addOfABuildpackAlreadySetIsRefused() {
    installed("nodejs");
    Harness.Result result = paas.run("buildpacks:add", "nodejs", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    nodejs is already buildpack 1 of my-app: `paas buildpacks -a my-app` lists them\n");
    assertThat(requests()).containsExactly("GET " + PATH);
  }

  @Test
  void addShowsTheApiRuleWhenItRefuses() {
    installed("nodejs", "static", "procfile", "java-maven", "/opt/a", "/opt/b", "/opt/c", "/opt/d");
    api.on("PUT", PATH, 422, "{\"id\":\"invalid_params\",\"message\":\"at most 8 buildpacks may run in one build\"}");
    Harness.Result result = paas.run("buildpacks:add", "/opt/e", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    at most 8 buildpacks may run in one build\n");
  }

  @Test
  void removeTakesItOutOfTheList() {
    installed("nodejs", "static");
    Harness.Result result = paas.run("buildpacks:remove", "nodejs", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("PUT", PATH).body()).isEqualTo("{\"updates\":[{\"buildpack\":\"static\"}]}");
    assertThat(result.err()).isEqualTo("Buildpack removed. Next release on my-app will use static.\n");
  }

  @Test
  void removingTheLastOneGoesBackToDetection() {
    installed("nodejs");
    Harness.Result result = paas.run("buildpacks:remove", "nodejs", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("PUT", PATH).body()).isEqualTo("{\"updates\":[]}");
    assertThat(result.err()).isEqualTo("Buildpack removed. Next release on my-app will detect buildpacks normally.\n");
  }

  @Test
  void removeOfABuildpackNotSetSaysWhereToLook() {
    installed("nodejs");
    Harness.Result result = paas.run("buildpacks:remove", "static", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    static is not a buildpack of my-app: `paas buildpacks -a my-app` lists them\n");
    assertThat(requests()).containsExactly("GET " + PATH);
  }

  @Test
  void clearPutsAnEmptyList() {
    Harness.Result result = paas.run("buildpacks:clear", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(requests()).containsExactly("PUT " + PATH);
    assertThat(api.only("PUT", PATH).body()).isEqualTo("{\"updates\":[]}");
    assertThat(result.err()).isEqualTo("Buildpacks cleared. Next release on my-app will detect buildpacks normally.\n");
  }

  @Test
  void clearShowsTheApiMessageWhenItRefuses() {
    api.on("PUT", PATH, 404, "{\"id\":\"not_found\",\"message\":\"app my-app not found\"}");
    Harness.Result result = paas.run("buildpacks:clear", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo(" !    app my-app not found\n");
  }

  @Test
  void buildpacksSetHelpNamesEveryHerokuNameTheServerMaps() {
    String help = paas.run("buildpacks:set", "--help").out();
    assertThat(ShippedBuildpacks.HEROKU_NAMES.keySet())
        .allSatisfy(name -> assertThat(help).contains(name));
    assertThat(BuildpackCommands.HEROKU_NAMES.split(",\\s*"))
        .containsExactlyInAnyOrderElementsOf(ShippedBuildpacks.HEROKU_NAMES.keySet());
  }
}
