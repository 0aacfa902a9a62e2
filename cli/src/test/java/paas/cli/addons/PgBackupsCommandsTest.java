package paas.cli.addons;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.cli.addons.AddonJson.PG_ID;
import static paas.cli.addons.AddonJson.REDIS_ID;
import static paas.cli.addons.AddonJson.attachment;
import static paas.cli.addons.AddonJson.list;
import static paas.cli.addons.AddonJson.pg;
import static paas.cli.addons.AddonJson.redis;

import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.cli.CommandTest;
import paas.cli.FakeApi;
import paas.cli.Harness;

class PgBackupsCommandsTest extends CommandTest {
  static String transfer(String name, String kind, String status, String extra) {
    return """
        {"id":"9c1e2a01-0000-4000-8000-00000000000%s","name":"%s","num":%d,"kind":"%s","status":"%s",
         "app":{"id":"a-my-app","name":"my-app"},"addon":{"id":"%s","name":"postgresql-curved-12345"},
         "started_at":"2026-12-04T10:00:00Z","finished_at":%s%s}"""
        .formatted(name.substring(3), name, Integer.parseInt(name.substring(1)), kind, status, PG_ID,
            status.equals("running") ? "null" : "\"2026-12-04T10:00:05Z\"", extra);
  }

  @BeforeEach
  void aDatabaseAndARedis() {
    api.on("GET", "/apps/my-app/addon-attachments", 200, list(
        attachment("t1", "DATABASE", PG_ID, "postgresql-curved-12345", "my-app", "my-app"),
        attachment("t4", "REDIS", REDIS_ID, "redis-flat-24680", "my-app", "my-app")));
    api.on("GET", "/addons/" + PG_ID, 200, pg("provisioned"));
    api.on("GET", "/addons/" + REDIS_ID, 200, redis());
  }

  @Test
  void captureStartsABackupOfDatabaseAndWaitsUntilItCompleted() {
    api.on("POST", "/apps/my-app/addons/" + PG_ID + "/backups", 202, transfer("b001", "manual", "running", ""));
    AtomicInteger polls = new AtomicInteger();
    api.on("GET", "/apps/my-app/backups/b001", r -> FakeApi.Reply.json(200, polls.incrementAndGet() < 2
        ? transfer("b001", "manual", "running", "")
        : transfer("b001", "manual", "completed", ",\"size_bytes\":2048")));

    Harness.Result result = paas.run("pg:backups:capture", "-a", "my-app");

    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Starting backup of postgresql-curved-12345... done\n\n"
        + "Use Ctrl-C at any time to stop monitoring progress; the backup will continue running.\n"
        + "Use `paas pg:backups:info b001` to check progress.\n\n"
        + "Backing up postgresql-curved-12345 to b001... done\n");
    assertThat(polls.get()).isEqualTo(2);
  }

  @Test
  void aFailedCaptureEndsWithItsReasonAndExitCodeOne() {
    api.on("POST", "/apps/my-app/addons/" + PG_ID + "/backups", 202, transfer("b002", "manual", "running", ""));
    api.on("GET", "/apps/my-app/backups/b002", 200, transfer("b002", "manual", "failed",
        ",\"error\":\"writing the dump to the data dir failed: No space left on device\""));

    Harness.Result result = paas.run("pg:backups:capture", "DATABASE", "-a", "my-app");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("Backing up postgresql-curved-12345 to b002... failed\n")
        .contains(" !    b002 failed: writing the dump to the data dir failed: No space left on device");
  }

  @Test
  void aRedisIsNoDatabaseToBackUp() {
    Harness.Result result = paas.run("pg:backups:capture", "REDIS", "-a", "my-app");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("redis-flat-24680 is not a PostgreSQL database");
    assertThat(requests()).noneMatch(r -> r.startsWith("POST"));
  }

  @Test
  void theListShowsBackupsAndRestoresAsHerokusDoes() {
    api.on("GET", "/apps/my-app/backups", 200, list(
        transfer("r003", "restore", "completed", ",\"source_backup\":\"b001\""),
        transfer("a002", "scheduled", "failed", ",\"error\":\"x\""),
        transfer("b001", "manual", "completed", ",\"size_bytes\":1536")));

    Harness.Result result = paas.run("pg:backups", "-a", "my-app");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("=== Backups")
        .containsPattern("b001 +2026-12-04 10:00:00 \\+0000 +Completed 2026-12-04 10:00:05 \\+0000 +1.5 kB"
            + " +postgresql-curved-12345")
        .containsPattern("a002 .*Failed 2026-12-04 10:00:05 \\+0000")
        .contains("=== Restores")
        .containsPattern("r003 +2026-12-04 10:00:00 \\+0000 +Completed .* +b001 +postgresql-curved-12345");
  }

  @Test
  void downloadStreamsTheLatestIntoLatestDump() throws Exception {
    api.on("GET", "/apps/my-app/backups/latest", 200, transfer("b004", "manual", "completed", ""));
    api.on("GET", "/apps/my-app/backups/b004/download", r -> new FakeApi.Reply(200, "PGDMP fake dump",
        java.util.Map.of("Content-Type", "application/octet-stream")));

    Harness.Result result = paas.run("pg:backups:download", "-a", "my-app");

    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Downloading b004 from my-app to latest.dump... done, 15 B\n");
    assertThat(Files.readString(dir.resolve("latest.dump"))).isEqualTo("PGDMP fake dump");
    assertThat(dir.resolve("latest.dump.part")).doesNotExist();
  }

  @Test
  void restoreNeedsTheAppConfirmedAndShowsTheServersRefusal() {
    api.on("GET", "/apps/my-app/backups/latest", 200, transfer("b001", "manual", "completed", ""));
    Harness.Result unconfirmed = paas.run("pg:backups:restore", "-a", "my-app");
    assertThat(unconfirmed.exit()).isEqualTo(1);
    assertThat(requests()).noneMatch(r -> r.startsWith("POST"));

    api.on("POST", "/apps/my-app/addons/" + PG_ID + "/restores", 409, "{\"id\":\"conflict\",\"message\":"
        + "\"postgresql-curved-12345 has 2 other open connections: stop them first or restore anyway with --force\"}");
    Harness.Result refused = paas.run("pg:backups:restore", "--confirm", "my-app", "-a", "my-app");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("2 other open connections").contains("--force");
    assertThat(api.only("POST", "/apps/my-app/addons/" + PG_ID + "/restores").body())
        .isEqualTo("{\"backup\":\"b001\",\"force\":false}");
  }

  @Test
  void aForcedRestoreOfANamedBackupWaitsForTheRestore() {
    api.on("GET", "/apps/my-app/backups/b001", 200, transfer("b001", "manual", "completed", ""));
    api.on("POST", "/apps/my-app/addons/" + PG_ID + "/restores", 202, transfer("r002", "restore", "running", ""));
    api.on("GET", "/apps/my-app/backups/r002", 200, transfer("r002", "restore", "completed", ""));

    Harness.Result result = paas.run("pg:backups:restore", "b001", "DATABASE", "--confirm", "my-app", "--force",
        "-a", "my-app");

    assertThat(result.exit()).isZero();
    assertThat(result.err()).startsWith("Starting restore of b001 to postgresql-curved-12345... done\n")
        .endsWith("Restoring... done\n");
    assertThat(api.only("POST", "/apps/my-app/addons/" + PG_ID + "/restores").body())
        .isEqualTo("{\"backup\":\"b001\",\"force\":true}");
  }

  @Test
  void aRestoreCutOffByPaasdsStopSaysItsOutcomeIsUnknownNotFailed() {
    api.on("GET", "/apps/my-app/backups/b001", 200, transfer("b001", "manual", "completed", ""));
    api.on("POST", "/apps/my-app/addons/" + PG_ID + "/restores", 202, transfer("r002", "restore", "running", ""));
    api.on("GET", "/apps/my-app/backups/r002", 200, transfer("r002", "restore", "interrupted",
        ",\"error\":\"paasd stopped while it ran; whether its transaction committed before that is unknown\""));

    Harness.Result result = paas.run("pg:backups:restore", "b001", "DATABASE", "--confirm", "my-app", "--force",
        "-a", "my-app");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("Restoring... interrupted\n")
        .contains(" !    r002 was interrupted: paasd stopped while it ran; whether its transaction committed before"
            + " that is unknown")
        .doesNotContain("failed");
  }

  @Test
  void deleteNeedsConfirmation() {
    api.on("DELETE", "/apps/my-app/backups/b001", 200, transfer("b001", "manual", "completed", ""));
    assertThat(paas.run("pg:backups:delete", "b001", "-a", "my-app").exit()).isEqualTo(1);
    assertThat(requests()).noneMatch(r -> r.startsWith("DELETE"));

    Harness.Result result = paas.run("pg:backups:delete", "b001", "--confirm", "my-app", "-a", "my-app");

    assertThat(result.exit()).isZero();
    assertThat(result.err()).isEqualTo("Deleting backup b001 on my-app... done\n");
  }

  @Test
  void schedulesAreSetListedAndRemoved() {
    String schedule = "{\"addon\":{\"id\":\"" + PG_ID + "\",\"name\":\"postgresql-curved-12345\"},"
        + "\"app\":{\"id\":\"a\",\"name\":\"my-app\"},\"at\":\"02:00 America/New_York\",\"hour\":2,"
        + "\"timezone\":\"America/New_York\",\"last_run_on\":null,\"created_at\":\"2026-12-04T10:00:00Z\"}";
    api.on("PUT", "/apps/my-app/addons/" + PG_ID + "/backup-schedule", 200, schedule);
    api.on("DELETE", "/apps/my-app/addons/" + PG_ID + "/backup-schedule", 200, schedule);
    api.on("GET", "/apps/my-app/backup-schedules", 200, list(schedule));

    Harness.Result set = paas.run("pg:backups:schedule", "--at", "02:00 EST", "-a", "my-app");
    Harness.Result listed = paas.run("pg:backups:schedules", "-a", "my-app");
    Harness.Result removed = paas.run("pg:backups:unschedule", "-a", "my-app");

    assertThat(set.err()).isEqualTo("Scheduled automatic daily backups of postgresql-curved-12345 at"
        + " 02:00 America/New_York.\n");
    assertThat(api.only("PUT", "/apps/my-app/addons/" + PG_ID + "/backup-schedule").body())
        .isEqualTo("{\"at\":\"02:00 EST\"}");
    assertThat(listed.out()).isEqualTo("=== Backup Schedules\npostgresql-curved-12345: daily at 02:00 America/New_York\n");
    assertThat(removed.err()).isEqualTo("Unscheduling postgresql-curved-12345 daily backups... done\n");
    assertThat(paas.run("pg:backups:schedule", "-a", "my-app").exit()).as("--at is required").isEqualTo(2);
  }
}
