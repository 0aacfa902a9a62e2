package paas.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class MaintenanceCommandsTest extends CommandTest {
  @Test
  void maintenancePrintsOnOrOff() {
    api.on("GET", "/apps/on-app", 200, "{\"name\":\"on-app\",\"maintenance\":true}");
    api.on("GET", "/apps/off-app", 200, "{\"name\":\"off-app\",\"maintenance\":false}");
    Harness.Result on = paas.run("maintenance", "-a", "on-app");
    Harness.Result off = paas.run("maintenance", "-a", "off-app");
    assertThat(on.exit()).isZero();
    assertThat(on.out()).isEqualTo("on\n");
    assertThat(off.exit()).isZero();
    assertThat(off.out()).isEqualTo("off\n");
  }

  @Test
  void maintenanceOnPatchesTheApp() {
    api.on("PATCH", "/apps/my-app", 200, "{\"name\":\"my-app\",\"maintenance\":true}");
    Harness.Result result = paas.run("maintenance:on", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("PATCH", "/apps/my-app").body()).isEqualTo("{\"maintenance\":true}");
    assertThat(result.err()).isEqualTo("Enabling maintenance mode for my-app... done\n");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void maintenanceOffPatchesTheApp() {
    api.on("PATCH", "/apps/my-app", 200, "{\"name\":\"my-app\",\"maintenance\":false}");
    Harness.Result result = paas.run("maintenance:off", "-a", "my-app");
    assertThat(result.exit()).isZero();
    assertThat(api.only("PATCH", "/apps/my-app").body()).isEqualTo("{\"maintenance\":false}");
    assertThat(result.err()).isEqualTo("Disabling maintenance mode for my-app... done\n");
  }

  @Test
  void maintenanceRefusalShowsTheApiMessage() {
    api.on("PATCH", "/apps/my-app", 403, "{\"id\":\"forbidden\",\"message\":\"you may not change my-app\"}");
    Harness.Result result = paas.run("maintenance:on", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("Enabling maintenance mode for my-app... !\n !    you may not change my-app\n");
  }
}
