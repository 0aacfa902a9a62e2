package paas.api.addons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.api.TestClock;
import paas.api.TestDatabases;
import paas.api.auth.AuthBackoff;
import paas.api.auth.Authenticator;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.http.Api;
import paas.api.http.ApiServer;
import paas.api.http.Json;
import paas.api.service.AppListener;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.api.stream.BackupDownloadHandler;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pg:backups endpoints over real HTTP, with scripted tools in the add-on's place: the
 * transfer's shape, a dump of several MB streamed back whole with its length, refusals (no token,
 * another user's app, an unknown backup, a database in use, a bad time) answered as the API answers.
 */
class PgBackupsHttpTest {
    private static final String ADMIN = "admin-token-for-backup-tests";
    private static final TestDatabases databases = new TestDatabases();
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ScriptedExecRuntime runtime = new ScriptedExecRuntime();
    @TempDir
    static Path data;
    private static Database db;
    private static ApiServer server;
    private static PgBackups backups;
    private static String otherToken;
    private static String addon;
    /** Download handler tasks running on a worker now. */
    private static final AtomicInteger downloadsBusy = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN));
        var admin = services.accounts().authenticate(ADMIN).orElseThrow();
        services.apps().create(admin, Optional.of("shop"));
        otherToken = services.accounts().createUser(admin, "other@paas.test").secret();
        Json json = new Json();
        Authenticator authenticator = new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), new TestClock()));
        AddonService addons = new AddonService(db, Optional.of(AddonProviders.standard(runtime)), AddonLog.NONE,
                AppListener.NONE, Clock.systemUTC(), Duration.ofSeconds(5));
        addon = addons.create(admin, "shop", "postgresql", Optional.empty(), Optional.empty()).addon().name().value();
        backups = new PgBackups(db, Optional.of(runtime), data.resolve("addons"), 7, 7, AddonLog.NONE,
                Clock.systemUTC());
        ExecutorService workers = ApiServer.newWorkers();
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test:5000",
                        "http://%s:8080/", null, null, new Api.Addons(addons, backups, null)), authenticator, json,
                new ApiServer.Streaming(() -> new BackupDownloadHandler(authenticator, backups, counted(workers), json),
                        ch -> false), workers);
    }

    /** The workers, counting the tasks running on them. */
    private static Executor counted(ExecutorService workers) {
        return task -> workers.execute(() -> {
            downloadsBusy.incrementAndGet();
            try {
                task.run();
            } finally {
                downloadsBusy.decrementAndGet();
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        backups.close();
        db.close();
        databases.close();
    }

    private static HttpResponse<byte[]> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Accept", "application/vnd.heroku+json; version=3").header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return mapper.readTree(response.body());
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void aCapturedDumpIsStreamedBackWholeAndRefusalsAreTheApis() throws Exception {
        byte[] dump = new byte[5 * 1024 * 1024 + 17];
        Arrays.fill(dump, (byte) 'x');
        System.arraycopy("PGDMP".getBytes(StandardCharsets.US_ASCII), 0, dump, 0, 5);
        runtime.dump = dump;

        HttpResponse<byte[]> started = send("POST", "/apps/shop/addons/" + addon + "/backups", ADMIN, null);
        assertThat(started.statusCode()).as(text(started)).isEqualTo(202);
        JsonNode running = json(started);
        String name = running.get("name").asText();
        assertThat(name).matches("b00[123]"); // the tests share an app and run in any order
        assertThat(running.get("kind").asText()).isEqualTo("manual");
        assertThat(running.get("status").asText()).isEqualTo("running");
        assertThat(running.get("addon").get("name").asText()).isEqualTo(addon);
        assertThat(running.get("app").get("name").asText()).isEqualTo("shop");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                json(send("GET", "/apps/shop/backups/" + name, ADMIN, null)).get("status").asText().equals("completed"));
        assertThat(json(send("GET", "/apps/shop/backups/latest", ADMIN, null)).get("size_bytes").asLong())
                .isEqualTo(dump.length);
        assertThat(json(send("GET", "/apps/shop/addons/" + addon + "/backups", ADMIN, null)).findValuesAsText("name"))
                .contains(name);

        HttpResponse<byte[]> downloaded = send("GET", "/apps/shop/backups/" + name + "/download", ADMIN, null);
        assertThat(downloaded.statusCode()).isEqualTo(200);
        assertThat(downloaded.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(downloaded.headers().firstValueAsLong("Content-Length")).hasValue(dump.length);
        assertThat(downloaded.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"" + name + ".dump\"");
        assertThat(downloaded.body()).isEqualTo(dump);

        HttpResponse<byte[]> anonymous = send("GET", "/apps/shop/backups/" + name + "/download", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(json(anonymous).get("id").asText()).isEqualTo("unauthorized");
        HttpResponse<byte[]> stranger = send("GET", "/apps/shop/backups/" + name + "/download", otherToken, null);
        assertThat(stranger.statusCode()).as(text(stranger)).isIn(403, 404);
        assertThat(text(stranger)).doesNotContain("PGDMP");
        assertThat(send("GET", "/apps/shop/backups/b999/download", ADMIN, null).statusCode()).isEqualTo(404);
        HttpResponse<byte[]> traversal = send("GET", "/apps/shop/backups/..%2F..%2Fetc/download", ADMIN, null);
        assertThat(traversal.statusCode()).as(text(traversal)).isEqualTo(422);
    }

    @Test
    void aDumpLargerThanTheSocketsBuffersIsSentWithoutHoldingAWorkerWhileTheClientReadsSlowly() throws Exception {
        byte[] dump = new byte[48 * 1024 * 1024 + 5];
        for (int i = 0; i < dump.length; i++) {
            dump[i] = (byte) (i * 31 + (i >>> 13));
        }
        System.arraycopy("PGDMP".getBytes(StandardCharsets.US_ASCII), 0, dump, 0, 5);
        runtime.dump = dump;
        String name = json(send("POST", "/apps/shop/addons/" + addon + "/backups", ADMIN, null)).get("name").asText();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                json(send("GET", "/apps/shop/backups/" + name, ADMIN, null)).get("status").asText().equals("completed"));

        try (Socket client = new Socket("127.0.0.1", server.port())) {
            client.setReceiveBufferSize(64 * 1024);
            client.getOutputStream().write(("GET /apps/shop/backups/" + name + "/download HTTP/1.1\r\nHost: paas.test\r\n"
                    + "Authorization: Bearer " + ADMIN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: " + dump.length);
            // The client takes nothing more for a while: 48 MB cannot all be in the sockets' buffers, yet no
            // worker waits for it (the event loop sends the file as the socket takes it).
            await().atMost(Duration.ofSeconds(10)).until(() -> downloadsBusy.get() == 0);
            Thread.sleep(200);
            assertThat(downloadsBusy.get()).isZero();
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            MessageDigest received = MessageDigest.getInstance("SHA-256");
            sent.update(dump);
            byte[] buffer = new byte[256 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                received.update(buffer, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(dump.length);
            assertThat(received.digest()).isEqualTo(sent.digest());
        }
    }

    /** The status line and headers, read byte by byte up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed in the response's head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void restoresAndSchedulesAreCheckedBeforeAnythingStarts() throws Exception {
        runtime.dump = "PGDMP small".getBytes(StandardCharsets.US_ASCII);
        send("POST", "/apps/shop/addons/" + addon + "/backups", ADMIN, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> json(send("GET", "/apps/shop/backups", ADMIN, null))
                .findValuesAsText("status").stream().noneMatch("running"::equals));
        runtime.otherConnections = 3;

        HttpResponse<byte[]> inUse = send("POST", "/apps/shop/addons/" + addon + "/restores", ADMIN,
                "{\"backup\": \"latest\"}");
        assertThat(inUse.statusCode()).as(text(inUse)).isEqualTo(409);
        assertThat(json(inUse).get("message").asText()).contains("3 other open connections").contains("--force");
        HttpResponse<byte[]> unknownField = send("POST", "/apps/shop/addons/" + addon + "/restores", ADMIN,
                "{\"backup\": \"latest\", \"wipe\": true}");
        assertThat(unknownField.statusCode()).as(text(unknownField)).isBetween(400, 422);
        HttpResponse<byte[]> badTime = send("PUT", "/apps/shop/addons/" + addon + "/backup-schedule", ADMIN,
                "{\"at\": \"25:00 UTC\"}");
        assertThat(badTime.statusCode()).isEqualTo(422);
        assertThat(json(send("GET", "/apps/shop/backup-schedules", ADMIN, null))).isEmpty();
        assertThat(json(send("GET", "/apps/shop/backups", ADMIN, null)).findValuesAsText("kind")).doesNotContain("restore");

        HttpResponse<byte[]> scheduled = send("PUT", "/apps/shop/addons/" + addon + "/backup-schedule", ADMIN,
                "{\"at\": \"3:00 CET\"}");
        assertThat(scheduled.statusCode()).as(text(scheduled)).isEqualTo(200);
        assertThat(json(scheduled).get("at").asText()).isEqualTo("03:00 Europe/Paris");
        assertThat(json(send("GET", "/apps/shop/backup-schedules", ADMIN, null)).findValuesAsText("timezone"))
                .isEqualTo(List.of("Europe/Paris"));
        assertThat(send("DELETE", "/apps/shop/addons/" + addon + "/backup-schedule", ADMIN, null).statusCode())
                .isEqualTo(200);
        assertThat(send("DELETE", "/apps/shop/addons/" + addon + "/backup-schedule", ADMIN, null).statusCode())
                .isEqualTo(404);
    }
}
