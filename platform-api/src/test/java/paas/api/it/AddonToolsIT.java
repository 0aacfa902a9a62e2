package paas.api.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The add-on tools with the real CLI, a real paasd and the real service images: on an app with
 * no release (add-ons need none), one PostgreSQL and one Redis; pg:info's numbers follow what
 * pg:psql does (-c and standard input, a failing statement's exit code passed through), pg:reset
 * empties the database and says so in the app's log, redis:cli takes commands on standard input
 * and redis:info counts the keys they made. Prints how long each phase took.
 */
class AddonToolsIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final String APP = "tools";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void pgAndRedisToolsWorkOnAnAppsAddons() throws Exception {
        assertThat(PlatformFixture.docker("images", "-q", "paas/addon-postgresql:latest"))
                .as("the add-on images: build them with deploy/stack/build.sh").isNotBlank();
        long started = System.nanoTime();
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2);
             PaasdProcess paasd = fixture.startPaasd()) {
            PaasCli paas = fixture.cli(paasd);
            assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN)
                    .exitCode()).isZero();
            assertThat(paas.run("apps:create", APP, "--no-remote").exitCode()).isZero();
            String pg = create(paasd, "postgresql");
            String redis = create(paasd, "redis");
            phase("paasd and two add-ons", started);

            PaasCli.Result info = ok(paas.run("pg:info", "-a", APP));
            assertThat(info.stdout()).startsWith("=== DATABASE_URL, HEROKU_POSTGRESQL_RED_URL\n")
                    .contains("Status:      Available\n").contains("Connections: 0/20\n")
                    .containsPattern("PG Version:  15\\.[0-9]+\n").containsPattern("Data Size:   [0-9.]+ MB\n")
                    .contains("Tables:      0\n").contains("Add-on:      " + pg + "\n");

            ok(paas.run("pg:psql", "-a", APP, "-c", "create table notes (id int); insert into notes values (1), (2)"));
            PaasCli.Result counted = ok(paas.runWithInput("select count(*) as n from notes;\n", "pg:psql", "-a", APP));
            assertThat(counted.stdout()).contains(" n \n---\n 2\n(1 row)");
            assertThat(counted.stderr()).contains("--> Connecting to " + pg);
            PaasCli.Result failing = paas.run("pg:psql", "DATABASE_URL", "-a", APP, "-c", "select * from missing");
            assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(1);
            assertThat(failing.stderr()).contains("relation \"missing\" does not exist");
            assertThat(ok(paas.run("pg:info", "DATABASE", "-a", APP)).stdout()).contains("Tables:      1\n");
            // On a terminal (a pty from script(1)): psql gets one too, of the same TERM, and its exit code comes back.
            Terminal onTty = onTerminal(paas, paasd, "select 40 + 2 as answer, current_setting('application_name');\n"
                    + "\\q\n", "pg:psql", "-a", APP);
            assertThat(onTty.exit()).as(onTty.screen()).isZero();
            assertThat(onTty.screen()).contains("answer").contains("42").contains("psql");
            Terminal failingOnTty = onTerminal(paas, paasd, "", "pg:psql", "-a", APP, "-c", "select * from missing");
            assertThat(failingOnTty.exit()).as(failingOnTty.screen()).isEqualTo(1);
            assertThat(failingOnTty.screen()).contains("relation \"missing\" does not exist");
            phase("pg:info and pg:psql", started);

            PaasCli.Result unconfirmed = paas.run("pg:reset", "-a", APP);
            assertThat(unconfirmed.exitCode()).as(unconfirmed.toString()).isNotZero();
            HttpResponse<String> refused = api(paasd, "POST", "/apps/" + APP + "/addons/" + pg + "/actions/reset", "{}");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            assertThat(mapper.readTree(refused.body()).get("id").asText()).isEqualTo("confirmation_required");
            assertThat(ok(paas.run("pg:info", "-a", APP)).stdout()).contains("Tables:      1\n");
            PaasCli.Result reset = ok(paas.run("pg:reset", "-a", APP, "--confirm", APP));
            assertThat(reset.stderr()).contains("Resetting " + pg + "... done");
            assertThat(ok(paas.run("pg:info", "-a", APP)).stdout()).contains("Tables:      0\n");
            // The new schema belongs to the add-on's user: the app can make tables again.
            ok(paas.run("pg:psql", "-a", APP, "-c", "create table again (id int)"));
            assertThat(paas.run("logs", "-a", APP, "--source", "paas", "-n", "50").stdout())
                    .contains("paas[addon]: " + pg + " was reset by ");
            phase("pg:reset", started);

            assertThat(ok(paas.runWithInput("SET a 1\n", "redis:cli", "-a", APP)).stdout()).isEqualTo("OK\n");
            assertThat(ok(paas.runWithInput("GET a\n", "redis:cli", "REDIS", "-a", APP)).stdout()).isEqualTo("1\n");
            PaasCli.Result redisInfo = ok(paas.run("redis:info", "-a", APP));
            assertThat(redisInfo.stdout()).startsWith("=== " + redis + " (REDIS_URL)\n")
                    .containsPattern("Version:     7\\.[0-9.]+\n").contains("Clients:     1/50\n")
                    .contains("Persistence: AOF on\n").contains("Keys:        1\n");
            assertThat(paas.run("pg:info", "REDIS", "-a", APP).exitCode()).isEqualTo(1);
            phase("redis:cli and redis:info", started);
        }
    }

    record Terminal(int exit, String screen) {
    }

    /** bin/paas on a pseudo-terminal of its own (util-linux script), typed {@code input}; what the terminal showed. */
    private static Terminal onTerminal(PaasCli paas, PaasdProcess paasd, String input, String... args) throws Exception {
        StringBuilder line = new StringBuilder(PaasdProcess.ROOT.resolve("bin/paas").toString());
        for (String arg : args) {
            line.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        ProcessBuilder pb = new ProcessBuilder("script", "-qefc", line.toString(), "/dev/null")
                .redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PAAS_"));
        pb.environment().put("HOME", paas.home().toString());
        pb.environment().put("PAAS_API_URL", paasd.apiUrl());
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("TERM", "xterm-256color");
        Process p = pb.start();
        java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().start(() -> {
            byte[] buffer = new byte[4096];
            try (var in = p.getInputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (shown) {
                        shown.write(buffer, 0, n);
                    }
                }
            } catch (java.io.IOException e) {
                // the terminal closed
            }
        });
        // Typed while the session opens: the terminal holds it until the remote psql reads it.
        p.getOutputStream().write(input.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            synchronized (shown) {
                throw new AssertionError("paas " + String.join(" ", args) + " on a terminal did not end in 30 s;"
                        + " it showed: " + shown.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        p.getOutputStream().close();
        reader.join(10_000);
        synchronized (shown) {
            return new Terminal(p.exitValue(), shown.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static PaasCli.Result ok(PaasCli.Result result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private String create(PaasdProcess paasd, String plan) throws Exception {
        HttpResponse<String> created = api(paasd, "POST", "/apps/" + APP + "/addons", "{\"plan\": \"" + plan + "\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return mapper.readTree(created.body()).get("name").asText();
    }

    private static void phase(String what, long since) {
        System.out.printf("AddonToolsIT: %-26s done at %5.1f s%n", what, (System.nanoTime() - since) / 1e9);
    }

    private HttpResponse<String> api(PaasdProcess paasd, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(paasd.apiUrl() + path))
                        .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body))
                        .header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN)
                        .header("Accept", "application/vnd.heroku+json; version=3")
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
