package paas.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class StackCommandsTest extends CommandTest {
  @Test
  void stackMarksTheOneTheAppBuildsOn() {
    api.on("GET", "/apps/my-app", 200, "{\"name\":\"my-app\",\"stack\":{\"name\":\"container\"},"
        + "\"build_stack\":{\"name\":\"container\"}}");
    Harness.Result result = paas.run("stack", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo("=== my-app Available Stacks\n  paas-bookworm\n* container\n");
  }

  @Test
  void stackSetPatchesTheBuildStackAndSaysToPushAgain() {
    api.on("PATCH", "/apps/my-app", 200, "{\"name\":\"my-app\"}");
    Harness.Result result = paas.run("stack:set", "container", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("PATCH", "/apps/my-app").body()).isEqualTo("{\"build_stack\":\"container\"}");
    assertThat(result.err()).isEqualTo("Setting stack to container... done\n");
    assertThat(result.out()).isEqualTo("You will need to redeploy my-app for the change to take effect.\n"
        + "Run git push paas main to trigger a new build on my-app.\n");
  }

  @Test
  void anUnknownStackShowsTheApiMessage() {
    api.on("PATCH", "/apps/my-app", 422, "{\"id\":\"invalid_params\",\"message\":\"stack 'heroku-24' does not exist;"
        + " the stacks are paas-bookworm and container\"}");
    Harness.Result result = paas.run("stack:set", "heroku-24", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("stack 'heroku-24' does not exist; the stacks are paas-bookworm and container");
  }

  @Test
  void deployImagePostsTheImageAndPrintsTheRelease() {
    api.on("POST", "/apps/my-app/releases", 201, "{\"version\":7}");
    Harness.Result result = paas.run("deploy:image", "team/web:1.4", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("POST", "/apps/my-app/releases").body()).isEqualTo("{\"image\":\"team/web:1.4\"}");
    assertThat(result.err()).isEqualTo("Releasing image team/web:1.4 to my-app... done, v7\n");
  }
}
