package paas.cli.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.Harness;

class OrphanCommandsTest extends CommandTest {
  static final String CONTAINER = "3f2a9c1b7d4e" + "0".repeat(52);
  static final String ORPHANS = "[{\"id\":\"" + CONTAINER + "\",\"type\":\"dyno\",\"app\":\"shop\",\"dyno\":\"web.1\","
      + "\"first_seen_at\":\"2026-03-01T10:00:00Z\",\"remove_after\":\"2026-03-02T10:00:00Z\"},"
      + "{\"id\":\"" + "b".repeat(64) + "\",\"type\":\"slug\",\"app\":null,\"dyno\":null,"
      + "\"first_seen_at\":\"2026-03-01T11:00:00Z\",\"remove_after\":\"2026-03-02T11:00:00Z\"}]";

  @Test
  void orphansPrintATableWithShortIdsAndWhenEachGoes() {
    api.on("GET", "/admin/orphans", 200, ORPHANS);
    Harness.Result result = paas.run("admin:orphans");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.out().lines()).containsExactly(
        "ID            Type  App   Dyno   First seen            Removed after",
        "3f2a9c1b7d4e  dyno  shop  web.1  2026-03-01T10:00:00Z  2026-03-02T10:00:00Z",
        "bbbbbbbbbbbb  slug               2026-03-01T11:00:00Z  2026-03-02T11:00:00Z");
    assertThat(result.err()).contains("paas admin:orphans:remove ID --confirm ID");
  }

  @Test
  void noOrphansSaySoOnStderr() {
    api.on("GET", "/admin/orphans", 200, "[]");
    Harness.Result result = paas.run("admin:orphans");
    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("No orphans");
  }

  @Test
  void aNonAdminGetsTheApisRefusal() {
    api.on("GET", "/admin/orphans", 403, "{\"id\":\"forbidden\",\"message\":\"only admins may list or remove orphans\"}");
    Harness.Result result = paas.run("admin:orphans");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("only admins may list or remove orphans");
  }

  @Test
  void removeNeedsTheIdConfirmedAndSendsNothingUntilThen() {
    Harness.Result unconfirmed = paas.run("admin:orphans:remove", "3f2a9c1b7d4e");
    assertThat(unconfirmed.exit()).isEqualTo(1);
    assertThat(unconfirmed.err()).contains("re-run this command with --confirm 3f2a9c1b7d4e");
    Harness.Result wrong = paas.run("admin:orphans:remove", "3f2a9c1b7d4e", "--confirm", "3f2a");
    assertThat(wrong.exit()).isEqualTo(1);
    assertThat(wrong.err()).contains("Confirmation 3f2a did not match 3f2a9c1b7d4e. Aborted.");
    Harness.Result neither = paas.run("admin:orphans:remove", "--confirm", "all");
    assertThat(neither.exit()).isEqualTo(2);
    Harness.Result both = paas.run("admin:orphans:remove", "3f2a9c1b7d4e", "--all", "--confirm", "all");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void removeDeletesOneOrphanByItsId() {
    api.on("DELETE", "/admin/orphans/3f2a9c1b7d4e", 200, "{\"id\":\"" + CONTAINER + "\",\"type\":\"dyno\","
        + "\"app\":\"shop\",\"dyno\":\"web.1\"}");
    Harness.Result result = paas.run("admin:orphans:remove", "3f2a9c1b7d4e", "--confirm", "3f2a9c1b7d4e");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).isEqualTo("Removing orphan 3f2a9c1b7d4e... done, dyno web.1 of shop\n");
  }

  @Test
  void removeAllNeedsConfirmAllAndListsWhatWent() {
    Harness.Result unconfirmed = paas.run("admin:orphans:remove", "--all");
    assertThat(unconfirmed.err()).contains("re-run this command with --confirm all");
    api.on("DELETE", "/admin/orphans", 200, ORPHANS);
    Harness.Result result = paas.run("admin:orphans:remove", "--all", "--confirm", "all");
    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(result.err()).isEqualTo("Removing all orphans... done, 2 removed\n");
    assertThat(result.out().lines()).containsExactly(CONTAINER + " dyno web.1 of shop", "b".repeat(64) + " slug bbbbbbbbbbbb");
  }
}
