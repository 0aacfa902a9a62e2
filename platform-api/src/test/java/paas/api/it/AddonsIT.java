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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A PostgreSQL add-on end to end, on the real Docker engine with the real service image: created
 * through the API, it is {@code DATABASE_URL} of the app in a release of its own; the corpus's
 * Node app (pg, migrations in the release phase) pushed with no config of its own migrates it and
 * serves from it; a Redis beside it; the database's service killed from the host and started
 * again, which both apps' logs show; adopted (same container, running, same attachments, the data committed before
 * the kill) by a paasd started after a SIGKILL; destroyed with its container and volume. Prints how long the create took to the
 * service's first accepted connection.
 */
class AddonsIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final String APP = "notes";
    private static final String OTHER = "reports";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aPostgresAddonServesAPushedAppAndOutlivesAPaasdRestart() throws Exception {
        assertThat(PlatformFixture.docker("images", "-q", "paas/addon-postgresql:latest"))
                .as("the add-on images: build them with deploy/stack/build.sh").isNotBlank();
        long testStarted = System.nanoTime();
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            PaasdProcess paasd = fixture.startPaasd();
            phase("paasd started", testStarted);
            try {
                PaasCli paas = fixture.cli(paasd);
                assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN)
                        .exitCode()).isZero();
                assertThat(paas.run("apps:create", APP, "--no-remote").exitCode()).isZero();
                assertThat(paas.run("apps:create", OTHER, "--no-remote").exitCode()).isZero();

                long started = System.nanoTime();
                HttpResponse<String> created = api(paasd, "POST", "/apps/" + APP + "/addons", "{\"plan\": \"postgresql\"}");
                long createdAfter = System.nanoTime() - started;
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
                JsonNode addon = mapper.readTree(created.body());
                String name = addon.get("name").asText();
                String containerId = addon.get("provider_id").asText();
                assertThat(name).matches("postgresql-[a-z]+-[0-9]{5}");
                assertThat(addon.get("state").asText()).isEqualTo("provisioned");
                assertThat(addon.get("addon_service").get("name").asText()).isEqualTo("heroku-postgresql");
                assertThat(addon.get("plan").get("name").asText()).isEqualTo("heroku-postgresql:small");
                assertThat(addon.get("app").get("name").asText()).isEqualTo(APP);
                assertThat(mapper.convertValue(addon.get("config_vars"), java.util.List.class))
                        .containsExactly("DATABASE_URL", "HEROKU_POSTGRESQL_RED_URL");
                System.out.printf("AddonsIT: POST /apps/%s/addons (postgresql:small) to its first accepted connection"
                        + " (201 once paas-addon-ready answers): %d ms%n", APP, createdAfter / 1_000_000);

                // The plan's limits reached the service: 20 connections for apps (the image keeps a few more
                // for the platform's own tools, as superuser_reserved_connections).
                assertThat(PlatformFixture.docker("exec", containerId, "psql", "-tAc", "SELECT"
                        + " current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int")
                        .strip()).isEqualTo("20");

                String url = config(paasd, APP).get("DATABASE_URL").asText();
                assertThat(url).startsWith("postgres://").contains("@" + name + ":5432/");
                assertThat(releases(paas, APP).get(0).get("description").asText())
                        .isEqualTo("Attach DATABASE (@ref:" + name + ")");

                // The corpus's Node app, with no config of its own: its release phase migrates the add-on.
                Path repo = fixture.workDir.resolve(APP);
                copyTree(CORPUS.resolve("node-release-migrate"), repo);
                fixture.git(repo, "init", "-q", "-b", "main");
                fixture.git(repo, "add", ".");
                fixture.git(repo, "commit", "-q", "-m", "notes");
                fixture.git(repo, "remote", "add", "paas", paasd.apiUrl() + "/" + APP + ".git");
                phase("add-on created", testStarted);
                PlatformFixture.GitRun push = fixture.git(repo, "push", "paas", "main");
                phase("pushed", testStarted);
                assertThat(push.exitCode()).as(push.output()).isZero();
                assertThat(push.output()).contains("applied: 001_create_notes.sql").contains("Release command succeeded");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertThat(get(fixture, "/")).isEqualTo("first note, written by the release phase\n"));

                phase("app served from the add-on", testStarted);
                HttpResponse<String> attached = api(paasd, "POST", "/addon-attachments",
                        "{\"addon\": \"" + name + "\", \"app\": \"" + OTHER + "\"}");
                assertThat(attached.statusCode()).as(attached.body()).isEqualTo(201);
                assertThat(mapper.readTree(attached.body()).get("name").asText()).isEqualTo("DATABASE");
                assertThat(mapper.readTree(attached.body()).get("addon").get("app").get("name").asText()).isEqualTo(APP);
                assertThat(config(paasd, OTHER).get("DATABASE_URL").asText()).isEqualTo(url);
                assertThat(networks(containerId)).contains("paas-app-" + APP, "paas-app-" + OTHER);

                // A Redis beside it, named by the request, with its plan's limits; destroyed again.
                long redisStarted = System.nanoTime();
                HttpResponse<String> redis = api(paasd, "POST", "/apps/" + OTHER + "/addons",
                        "{\"plan\": \"heroku-redis:small\", \"attachment\": {\"name\": \"CACHE\"}}");
                assertThat(redis.statusCode()).as(redis.body()).isEqualTo(201);
                System.out.printf("AddonsIT: POST /apps/%s/addons (redis:small) to its first accepted connection: %d ms%n",
                        OTHER, (System.nanoTime() - redisStarted) / 1_000_000);
                JsonNode cache = mapper.readTree(redis.body());
                String cacheUrl = config(paasd, OTHER).get("CACHE_URL").asText();
                assertThat(cacheUrl).startsWith("redis://:").endsWith("@" + cache.get("name").asText() + ":6379");
                String cachePassword = cacheUrl.substring("redis://:".length(), cacheUrl.lastIndexOf('@'));
                assertThat(PlatformFixture.docker("exec", cache.get("provider_id").asText(), "redis-cli",
                        "--no-auth-warning", "-a", cachePassword, "CONFIG", "GET", "maxmemory")).contains("50331648");
                // Its container and data volume removed behind paasd's back: the next paasd makes no empty one in
                // their place (checked after the restart below).
                String cacheName = cache.get("name").asText();
                PlatformFixture.docker("rm", "-f", "paas-addon-" + cacheName);
                PlatformFixture.docker("volume", "rm", "paas-addon-" + cacheName);
                assertThat(PlatformFixture.docker("volume", "ls", "-q", "--filter", "name=paas-addon-" + cacheName)).isBlank();
                phase("redis created, data lost", testStarted);

                // The service killed from the host (kill -9, not through the engine): started again, and both
                // apps' logs say so. (A crashed add-on keeps its apps' networks: none is removed under it.)
                String pid = PlatformFixture.docker("inspect", containerId, "--format", "{{.State.Pid}}").strip();
                assertThat(new ProcessBuilder("kill", "-9", pid).start().waitFor()).isZero();
                PaasdProcess running = paasd;
                for (String app : new String[]{APP, OTHER}) {
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                            assertThat(paas.run("logs", "-a", app, "--source", "paas", "-n", "200").stdout())
                                    .as("paasd's add-on lines: %s; the container: %s", running.output().stream()
                                            .filter(l -> l.contains("add-on") || l.contains("addon")).toList(),
                                            PlatformFixture.docker("inspect", containerId, "--format",
                                                    "{{.State.Status}} {{.State.Error}}"))
                                    .contains("paas[addon]: " + name + " crashed (exit 137), restarting")
                                    .contains("paas[addon]: " + name + " is running again"));
                }
                phase("restarted after a kill", testStarted);

                // SIGKILL, then a new paasd: the same container, the same attachments, the same data.
                paasd.kill();
                paasd = fixture.startPaasd();
                phase("paasd restarted", testStarted);
                JsonNode adopted = mapper.readTree(api(paasd, "GET", "/addons/" + name, "").body());
                assertThat(adopted.get("provider_id").asText()).isEqualTo(containerId);
                assertThat(adopted.get("state").asText()).isEqualTo("provisioned");
                JsonNode attachments = mapper.readTree(api(paasd, "GET", "/addon-attachments", "").body());
                assertThat(attachments).hasSize(5);
                assertThat(networks(containerId)).contains("paas-app-" + APP, "paas-app-" + OTHER);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                        PlatformFixture.docker("inspect", containerId, "--format", "{{.State.Running}}").strip()
                                .equals("true"));
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertThat(get(fixture, "/")).isEqualTo("first note, written by the release phase\n"));

                phase("adopted", testStarted);

                // The Redis whose data is gone: left stopped and reported, until its owner re-provisions it.
                PaasdProcess restarted = paasd;
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> mapper.readTree(
                        api(restarted, "GET", "/addons/" + cacheName, "").body()).get("status").asText().equals("data_missing"));
                JsonNode lost = mapper.readTree(api(paasd, "GET", "/addons/" + cacheName, "").body());
                assertThat(lost.get("state").asText()).isEqualTo("provisioned");
                assertThat(lost.get("status").asText()).isEqualTo("data_missing");
                assertThat(lost.get("status_message").asText()).contains("addons:reprovision " + cacheName);
                assertThat(lost.get("provider_id").isNull()).isTrue();
                assertThat(PlatformFixture.docker("volume", "ls", "-q", "--filter", "name=paas-addon-" + cacheName))
                        .as("no empty volume in its place").isBlank();
                assertThat(paas.run("logs", "-a", OTHER, "--source", "paas", "-n", "200").stdout())
                        .contains("paas[addon]: " + cacheName + " is stopped: its data volume is gone");
                PaasCli.Result reprovisioned = paas.run("addons:reprovision", cacheName, "--confirm", OTHER);
                assertThat(reprovisioned.exitCode()).as(reprovisioned.toString()).isZero();
                JsonNode back = mapper.readTree(api(paasd, "GET", "/addons/" + cacheName, "").body());
                assertThat(back.get("status").asText()).isEqualTo("available");
                assertThat(networks(back.get("provider_id").asText())).contains("paas-app-" + OTHER);
                assertThat(config(paasd, OTHER).get("CACHE_URL").asText()).isEqualTo(cacheUrl);
                assertThat(api(paasd, "DELETE", "/addons/" + cacheName, "").statusCode()).isEqualTo(200);
                assertThat(config(paasd, OTHER).has("CACHE_URL")).isFalse();
                phase("redis reprovisioned, destroyed", testStarted);
                HttpResponse<String> refused = api(paasd, "DELETE", "/apps/" + APP + "/addons/" + name, "");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
                assertThat(mapper.readTree(refused.body()).get("id").asText()).isEqualTo("confirmation_required");
                HttpResponse<String> destroyed = api(paasd, "DELETE", "/apps/" + APP + "/addons/" + name,
                        "{\"force\": true}");
                assertThat(destroyed.statusCode()).as(destroyed.body()).isEqualTo(200);
                assertThat(PlatformFixture.docker("ps", "-aq", "--filter", "label=paas.addon-name=" + name)).isBlank();
                assertThat(PlatformFixture.docker("volume", "ls", "-q", "--filter", "name=paas-addon-" + name)).isBlank();
                assertThat(config(paasd, APP).has("DATABASE_URL")).isFalse();
                assertThat(config(paasd, OTHER).has("DATABASE_URL")).isFalse();
                assertThat(releases(paas, OTHER).get(0).get("description").asText())
                        .isEqualTo("Detach DATABASE (@ref:" + name + ")");
                phase("destroyed", testStarted);
            } finally {
                paasd.close();
            }
        }
    }

    private static void phase(String what, long since) {
        System.out.printf("AddonsIT: %-28s at %5.1f s%n", what, (System.nanoTime() - since) / 1e9);
    }

    private HttpResponse<String> api(PaasdProcess paasd, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(paasd.apiUrl() + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN)
                .header("Accept", "application/vnd.heroku+json; version=3")
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode config(PaasdProcess paasd, String app) throws Exception {
        HttpResponse<String> response = api(paasd, "GET", "/apps/" + app + "/config-vars", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return mapper.readTree(response.body());
    }

    private static JsonNode releases(PaasCli paas, String app) throws Exception {
        PaasCli.Result listed = paas.run("releases", "-a", app, "--json");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        return mapper.readTree(listed.stdout());
    }

    private static String networks(String containerId) throws Exception {
        return PlatformFixture.docker("inspect", containerId, "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}");
    }

    private String get(PlatformFixture fixture, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.routerPort() + path))
                .header("Host", APP + ".localhost").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
