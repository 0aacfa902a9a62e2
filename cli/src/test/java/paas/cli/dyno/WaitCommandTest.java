package paas.cli.dyno;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;

class WaitCommandTest extends CommandTest {
  private static String dyno(String name, String state, int version) {
    return """
        {"name":"%s","type":"%s","state":"%s","release":{"version":%d}}"""
        .formatted(name, name.substring(0, name.indexOf('.')), state, version);
  }

  @BeforeEach
  void newestReleaseIsV8() {
    api.on("GET", "/apps/my-app/releases", 200, "[{\"version\":8}]");
  }

  @Test
  void returnsAtOnceWhenEveryDynoIsUpOnTheNewestReleaseLeavingOneOffsOut() {
    api.on("GET", "/apps/my-app/dynos", 200, "[" + String.join(",",
        dyno("web.1", "up", 8), dyno("worker.1", "up", 9), dyno("run.1", "up", 7)) + "]");
    Harness.Result result = paas.run("ps:wait", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEmpty();
    assertThat(result.out()).isEmpty();
    assertThat(api.only("GET", "/apps/my-app/releases").header("Range")).isEqualTo("version ..; max=1, order=desc");
  }

  @Test
  void pollsUntilTheOldDynosAreReplacedAndSaysHowFarItGot() {
    AtomicInteger looks = new AtomicInteger();
    api.on("GET", "/apps/my-app/dynos", request -> FakeApi.Reply.json(200, looks.incrementAndGet() == 1
        ? "[" + dyno("web.1", "up", 8) + "," + dyno("web.2", "up", 7) + "]"
        : "[" + dyno("web.1", "up", 8) + "," + dyno("web.2", "up", 8) + "]"));
    Harness.Result result = paas.run("ps:wait", "--wait-interval", "1", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(looks.get()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("Waiting for every dyno to be running v8... 2 / 2, done\n");
  }

  @Test
  void withRunCountsTheOneOffsAndTypeOnlyItsOwnDynos() {
    AtomicInteger looks = new AtomicInteger();
    api.on("GET", "/apps/my-app/dynos", request -> FakeApi.Reply.json(200, looks.incrementAndGet() == 1
        ? "[" + dyno("web.1", "starting", 8) + "," + dyno("run.1", "up", 7) + "]"
        : "[" + dyno("web.1", "up", 8) + "," + dyno("run.1", "up", 8) + "]"));
    Harness.Result withRun = paas.run("ps:wait", "-R", "-w", "1", "-a", "my-app");
    assertThat(withRun.err()).isEqualTo("Waiting for every dyno to be running v8... 2 / 2, done\n");
    // Only run.1 counts with --type run; it is on v8 by now.
    Harness.Result onlyRun = paas.run("ps:wait", "--type", "run", "-a", "my-app");
    assertThat(onlyRun.exit()).isZero();
    assertThat(onlyRun.err()).isEmpty();
  }

  @Test
  void anAppWithoutReleasesIsAWarning() {
    api.on("GET", "/apps/my-app/releases", 200, "[]");
    Harness.Result result = paas.run("ps:wait", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(result.err()).contains("Warning: App my-app has no releases");
    assertThat(requests()).containsExactly("GET /apps/my-app/releases");
  }

  @Test
  void badFlagsAreUsageErrorsThatSendNothing() {
    assertThat(paas.run("ps:wait", "--type", "web", "--with-run", "-a", "my-app").exit()).isEqualTo(2);
    assertThat(paas.run("ps:wait", "--wait-interval", "0", "-a", "my-app").exit()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }
}
