package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * pg:backups end to end, through the CLI, on the real Docker engine with the real PostgreSQL image:
 * a capture, rows written after it, a restore refused while another connection is open and then
 * done, the data back to the backup's state (the later rows and table gone); the download is a
 * custom-format archive pg_restore reads; a pg:reset undone by restoring the backup; a schedule set for this hour fires at the scheduler's
 * next tick (PAAS_BACKUP_SCHEDULE_TICK_SECONDS=1). One paasd, one add-on.
 */
class BackupsIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final String APP = "shop";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aBackupRestoresTheDataDownloadsAsADumpAndRunsOnSchedule() throws Exception {
        assertThat(PlatformFixture.docker("images", "-q", "paas/addon-postgresql:latest"))
                .as("the add-on images: build them with deploy/stack/build.sh").isNotBlank();
        long testStarted = System.nanoTime();
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            PaasdProcess paasd = fixture.startPaasdWith("PAAS_BACKUP_SCHEDULE_TICK_SECONDS", "1");
            try {
                PaasCli paas = fixture.cli(paasd);
                assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN)
                        .exitCode()).isZero();
                assertThat(paas.run("apps:create", APP, "--no-remote").exitCode()).isZero();
                HttpResponse<String> created = api(paasd, "POST", "/apps/" + APP + "/addons", "{\"plan\": \"postgresql\"}");
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                String name = mapper.readTree(created.body()).get("name").asText();
                String container = mapper.readTree(created.body()).get("provider_id").asText();
                URI url = URI.create(mapper.readTree(api(paasd, "GET", "/apps/" + APP + "/config-vars", "").body())
                        .get("DATABASE_URL").asText());
                Database db = new Database(container, url.getUserInfo().split(":")[0], url.getPath().substring(1));
                phase("add-on created", testStarted);

                db.sql("CREATE TABLE notes (id int PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'one'), (2, 'two')");
                PaasCli.Result captured = paas.run("pg:backups:capture", "-a", APP);
                assertThat(captured.exitCode()).as(captured.toString()).isZero();
                assertThat(captured.stderr()).contains("Backing up " + name + " to b001... done");
                phase("captured b001", testStarted);

                db.sql("INSERT INTO notes VALUES (3, 'three'); DELETE FROM notes WHERE id = 1;"
                        + " CREATE TABLE later (x int)");
                assertThat(db.query("SELECT string_agg(body, ',' ORDER BY id) FROM notes")).isEqualTo("two,three");

                // Another connection open: refused with the fix, nothing changed.
                PlatformFixture.docker("exec", "-d", "-u", "999", container, "psql", "-X", "-d", db.name(), "-c",
                        "SELECT pg_sleep(120)");
                await().atMost(Duration.ofSeconds(10)).until(() -> !db.query("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()").equals("0"));
                PaasCli.Result refused = paas.run("pg:backups:restore", "b001", "--confirm", APP, "-a", APP);
                assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
                assertThat(refused.stderr()).contains("1 other open connection").contains("ps:scale web=0 worker=0")
                        .contains("maintenance:on").contains("--force");
                assertThat(db.query("SELECT string_agg(body, ',' ORDER BY id) FROM notes")).isEqualTo("two,three");
                db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%'"
                        + " AND pid <> pg_backend_pid()");

                PaasCli.Result restored = paas.run("pg:backups:restore", "b001", "--confirm", APP, "-a", APP);
                assertThat(restored.exitCode()).as(restored.toString()).isZero();
                assertThat(restored.stderr()).contains("Starting restore of b001 to " + name + "... done")
                        .contains("Restoring... done");
                assertThat(db.query("SELECT string_agg(body, ',' ORDER BY id) FROM notes")).isEqualTo("one,two");
                assertThat(db.query("SELECT count(*) FROM pg_tables WHERE tablename = 'later'")).isEqualTo("0");
                assertThat(db.query("SELECT tableowner FROM pg_tables WHERE tablename = 'notes'")).isEqualTo(db.user());
                phase("restored b001", testStarted);

                Path dump = fixture.workDir.resolve("shop.dump");
                PaasCli.Result downloaded = paas.run("pg:backups:download", "--output", dump.toString(), "-a", APP);
                assertThat(downloaded.exitCode()).as(downloaded.toString()).isZero();
                byte[] bytes = Files.readAllBytes(dump);
                assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PGDMP");
                Process list = new ProcessBuilder("docker", "exec", "-i", "-u", "999", container, "pg_restore", "--list")
                        .redirectInput(dump.toFile()).redirectErrorStream(true).start();
                String toc = new String(list.getInputStream().readAllBytes());
                assertThat(list.waitFor()).as(toc).isZero();
                assertThat(toc).contains("TABLE public notes").contains("TABLE DATA public notes");
                phase("downloaded", testStarted);

                // The undo of a reset: pg:reset, then the backup restored over it.
                PaasCli.Result reset = paas.run("pg:reset", "--confirm", APP, "-a", APP);
                assertThat(reset.exitCode()).as(reset.toString()).isZero();
                assertThat(db.query("SELECT count(*) FROM pg_tables WHERE tablename = 'notes'")).isEqualTo("0");
                PaasCli.Result undone = paas.run("pg:backups:restore", "b001", "--confirm", APP, "-a", APP);
                assertThat(undone.exitCode()).as(undone.toString()).isZero();
                assertThat(db.query("SELECT string_agg(body, ',' ORDER BY id) FROM notes")).isEqualTo("one,two");
                phase("reset undone by a restore", testStarted);

                int hour = ZonedDateTime.now(ZoneOffset.UTC).getHour();
                PaasCli.Result scheduled = paas.run("pg:backups:schedule", "--at", "%02d:00 UTC".formatted(hour), "-a", APP);
                assertThat(scheduled.exitCode()).as(scheduled.toString()).isZero();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    JsonNode all = mapper.readTree(api(paasd, "GET", "/apps/" + APP + "/backups", "").body());
                    List<String> done = new java.util.ArrayList<>();
                    all.forEach(t -> done.add(t.get("name").asText() + ":" + t.get("status").asText()));
                    assertThat(done).containsExactly("a004:completed", "r003:completed", "r002:completed", "b001:completed");
                });
                assertThat(paas.run("pg:backups", "-a", APP).stdout()).contains("a004").contains("r003").contains("r002");
                assertThat(paas.run("logs", "-a", APP, "--source", "paas", "-n", "50").stdout())
                        .contains("paas[backups]: scheduled backup a004 of " + name + " (%02d:00 UTC) started".formatted(hour))
                        .contains("paas[backups]: backup a004 of " + name + " completed");
                phase("scheduled a004 ran", testStarted);
            } finally {
                paasd.close();
            }
        }
    }

    /** psql inside the add-on's container, as its owner; the first column of the first row. */
    private record Database(String container, String user, String name) {
        void sql(String statements) throws Exception {
            String out = PlatformFixture.docker("exec", "-u", "999", container, "psql", "-X", "-v", "ON_ERROR_STOP=1", "-At",
                    "-d", name, "-c", "SET ROLE \"" + user + "\"; " + statements);
            assertThat(out).as(statements).doesNotContain("ERROR");
        }

        String query(String select) throws Exception {
            return PlatformFixture.docker("exec", "-u", "999", container, "psql", "-X", "-At", "-d", name, "-c", select)
                    .strip();
        }
    }

    private static void phase(String what, long since) {
        System.out.printf("BackupsIT: %-28s at %5.1f s%n", what, (System.nanoTime() - since) / 1e9);
    }

    private HttpResponse<String> api(PaasdProcess paasd, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(paasd.apiUrl() + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN)
                .header("Accept", "application/vnd.heroku+json; version=3")
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
