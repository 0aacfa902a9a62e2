package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.store.DatabaseUrl;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "The control plane never destroys what it cannot account for": paasd restarted over a store
 * that lost an app (its rows deleted by hand while paasd was down) keeps the app's containers
 * running, does not route to them, reports them in its log and in {@code paas admin:orphans}
 * (admins only), and removes them when an admin says so.
 */
class OrphansIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final String APP = "stray";

    static List<TestDatabases.Kind> kinds() {
        return TestDatabases.kinds().toList();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void containersOfAnAppTheStoreLostKeepRunningUnroutedUntilAnAdminRemovesThem(TestDatabases.Kind kind) throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(kind)) {
            fixture.env.put("PAAS_STOP_GRACE_SECONDS", "3");
            PaasdProcess paasd = fixture.startPaasd();
            try {
                PaasCli paas = fixture.cli(paasd);
                assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN).exitCode()).isZero();
                push(fixture, paas);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> get(fixture, "/").body().contains("hello from " + APP));
                await().atMost(Duration.ofSeconds(60)).until(() -> containerIds(fixture).size() == 2);
                List<String> containers = containerIds(fixture);
                assertThat(paas.run("admin:orphans", "--json").stdout().strip()).isEqualTo("[]");

                paasd.terminate();
                loseTheApp(fixture);
                paasd = fixture.startPaasd();
                PaasdProcess restarted = paasd;

                // Containers are listed by the restarted paasd's first sweep, at start.
                await().atMost(Duration.ofSeconds(30)).until(() -> containers.stream().allMatch(id ->
                        restarted.output().stream().anyMatch(l -> l.contains("WARN") && l.contains(id.substring(0, 12))
                                && l.contains("of app " + APP) && l.contains("admin:orphans:remove"))));
                // Over several reconciler passes, the orphans are neither adopted nor removed.
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> new java.util.HashSet<>(containerIds(fixture)).equals(new java.util.HashSet<>(containers)));
                assertThat(containerIds(fixture)).as("paasd said:%n%s", String.join("\n", restarted.output()))
                        .containsExactlyInAnyOrderElementsOf(containers);
                assertThat(restarted.output()).noneMatch(l -> l.contains("removing dyno") || l.contains("reconciler: adopted"));
                Response routed = get(fixture, "/");
                assertThat(routed.statusCode()).isNotEqualTo(200);
                assertThat(routed.body()).doesNotContain("hello from " + APP);

                JsonNode orphans = mapper.readTree(paas.run("admin:orphans", "--json").stdout());
                List<String> listed = new ArrayList<>();
                orphans.forEach(o -> {
                    if (o.get("type").asText().equals("dyno")) {
                        listed.add(o.get("id").asText());
                        assertThat(o.get("app").asText()).isEqualTo(APP);
                        assertThat(o.get("dyno").asText()).isIn("web.1", "worker.1");
                    }
                });
                assertThat(listed).containsExactlyInAnyOrderElementsOf(containers);
                assertThat(orphans).as("the lost app's slug is kept too")
                        .anyMatch(o -> o.get("type").asText().equals("slug"));
                JsonNode first = orphans.get(0);
                assertThat(java.time.Duration.between(java.time.Instant.parse(first.get("first_seen_at").asText()),
                        java.time.Instant.parse(first.get("remove_after").asText()))).isEqualTo(Duration.ofHours(24));
                String table = paas.run("admin:orphans").stdout();
                assertThat(table).contains(containers.get(0).substring(0, 12)).contains(APP);

                // Not an admin: refused, and nothing is removed.
                PaasCli.Result bob = paas.run("users:create", "bob@paas.test", "--json");
                String bobToken = mapper.readTree(bob.stdout()).get("access_token").get("token").asText();
                PaasCli asBob = paas.withEnv("PAAS_API_TOKEN", bobToken);
                PaasCli.Result refused = asBob.run("admin:orphans");
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.stderr()).contains("only admins");
                String shortId = containers.get(0).substring(0, 12);
                assertThat(asBob.run("admin:orphans:remove", shortId, "--confirm", shortId).exitCode()).isEqualTo(1);
                assertThat(containerIds(fixture)).hasSize(2);

                PaasCli.Result one = paas.run("admin:orphans:remove", shortId, "--confirm", shortId);
                assertThat(one.exitCode()).as(one.toString()).isZero();
                assertThat(containerIds(fixture)).containsExactly(containers.get(1));
                PaasCli.Result all = paas.run("admin:orphans:remove", "--all", "--confirm", "all");
                assertThat(all.exitCode()).as(all.toString()).isZero();
                assertThat(containerIds(fixture)).isEmpty();
                assertThat(mapper.readTree(paas.run("admin:orphans", "--json").stdout())).isEmpty();
                try (var slugs = Files.list(fixture.dataDir.resolve("slugs"))) {
                    assertThat(slugs.filter(p -> p.toString().endsWith(".tgz"))).as("the slug went with --all").isEmpty();
                }
            } finally {
                paasd.close();
            }
        }
    }

    /** What the store bug did: the app's rows are gone (releases, formation, slugs cascade with it). */
    private static void loseTheApp(PlatformFixture fixture) throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(fixture.env.get("DATABASE_URL"), fixture.dataDir);
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             PreparedStatement ps = c.prepareStatement("DELETE FROM apps WHERE name = ?")) {
            ps.setString(1, APP);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private static void push(PlatformFixture fixture, PaasCli paas) throws Exception {
        Path repo = fixture.workDir;
        fixture.git(repo, "init", "-q", "-b", "main");
        Files.writeString(repo.resolve("Procfile"), "web: python3 -m http.server $PORT\nworker: sleep infinity\n");
        Files.writeString(repo.resolve("index.html"), "hello from " + APP + "\n");
        fixture.git(repo, "add", ".");
        fixture.git(repo, "commit", "-q", "-m", "first");
        assertThat(paas.run("apps:create", APP).exitCode()).isZero();
        PlatformFixture.GitRun push = fixture.git(repo, "push", "paas", "main");
        assertThat(push.exitCode()).as(push.output()).isZero();
        assertThat(paas.run("scale", "worker=1").exitCode()).isZero();
    }

    private record Response(int statusCode, String body) {
    }

    /** One GET through the router with the app's Host header (by hand: java.net.http refuses to set Host). */
    private static Response get(PlatformFixture fixture, String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", fixture.routerPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + APP + ".localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int bodyAt = raw.indexOf("\r\n\r\n");
            return new Response(Integer.parseInt(raw.substring(9, 12)), bodyAt < 0 ? "" : raw.substring(bodyAt + 4));
        }
    }

    private static List<String> containerIds(PlatformFixture fixture) throws Exception {
        String out = PlatformFixture.docker("ps", "-q", "--no-trunc", "--filter", "label=paas.platform=" + fixture.platformLabel(),
                "--filter", "label=paas.app=" + APP);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
