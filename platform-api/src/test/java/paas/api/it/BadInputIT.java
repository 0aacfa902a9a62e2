package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refused input through the real CLI and paasd: a non-zero exit, the rule on stderr, nothing changed. */
class BadInputIT {
    private static final ObjectMapper mapper = new ObjectMapper();

    static List<TestDatabases.Kind> kinds() {
        return TestDatabases.kinds().toList();
    }

    private static void refused(PaasCli.Result r, String expectedOnStderr) {
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).as(r.toString()).contains(expectedOnStderr);
        assertThat(r.stderr()).as("no stack traces for users").doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static JsonNode json(PaasCli.Result r) throws Exception {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return mapper.readTree(r.stdout());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void badInputIsRefusedWithTheRuleAndChangesNothing(TestDatabases.Kind kind) throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(kind); PaasdProcess paasd = fixture.startPaasd()) {
            PaasCli paas = fixture.cli(paasd).withEnv("PAAS_API_TOKEN", PlatformFixture.ADMIN_TOKEN);
            assertThat(paas.run("apps:create", "guarded", "--no-remote").exitCode()).isZero();
            assertThat(paas.run("config:set", "KEEP=1", "-a", "guarded").exitCode()).isZero();

            refused(paas.run("apps:create", "Bad_Name", "--no-remote"), "^[a-z][a-z0-9-]{1,29}$");
            refused(paas.run("apps:create", "guarded", "--no-remote"), "already taken");
            refused(paas.run("config:set", "1BAD=x", "-a", "guarded"), "1BAD");
            refused(paas.run("config:set", "NOVALUE", "-a", "guarded"), "NOVALUE");
            refused(paas.run("config:set", "BIG=" + "x".repeat(33 * 1024), "-a", "guarded"), "32768 bytes");
            refused(paas.run("scale", "web=-1", "-a", "guarded"), "web=-1");
            refused(paas.run("scale", "web=1000", "-a", "guarded"), "0 to 100");
            refused(paas.run("scale", "web=1:huge-9x", "-a", "guarded"), "standard-1x");
            refused(paas.run("scale", "we.b=1", "-a", "guarded"), "we.b");
            refused(paas.run("domains:add", "Not_A_Host", "-a", "guarded"), "invalid hostname");
            refused(paas.run("domains:add", "other.localhost", "-a", "guarded"), "platform domain");
            refused(paas.run("domains:add", "127.0.0.1", "-a", "guarded"), "not a hostname");
            refused(paas.run("domains:remove", "guarded.localhost", "-a", "guarded"), "default domain");
            refused(paas.run("releases:info", "v99", "-a", "guarded"), "release 99");
            refused(paas.run("rollback", "v99", "-a", "guarded"), "99");
            refused(paas.run("config", "-a", "no-such-app"), "not found");
            refused(paas.run("config"), "-a");

            assertThat(json(paas.run("config", "--json", "-a", "guarded")).toString()).isEqualTo("{\"KEEP\":\"1\"}");
            assertThat(json(paas.run("releases", "--json", "-a", "guarded")).size()).isEqualTo(2);
            assertThat(json(paas.run("scale", "--json", "-a", "guarded")).size()).isZero();
            assertThat(json(paas.run("domains", "--json", "-a", "guarded")).size()).isEqualTo(1);
            assertThat(PlatformFixture.appNames(json(paas.run("apps", "--json")))).containsExactly("guarded");

            // A path that would forge a log line: one event stays one line. The API logs the path as
            // sent, still percent-encoded (it matches routes on that form since drains:remove URL), so
            // no control or quote of it reaches the log.
            java.net.http.HttpResponse<String> forged = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(paasd.apiUrl()
                            + "/apps/x%0a2026-01-01T00:00:00.000Z%20INFO%20paasd:%20forged%22%0d%00%1b%5b31m")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> paasd.output().stream()
                    .anyMatch(l -> l.contains("/apps/x%0a2026-01-01T00:00:00.000Z%20INFO%20paasd:%20forged%22%0d%00%1b%5b31m")
                            && l.contains("status=401")));
            assertThat(paasd.output()).noneMatch(l -> l.startsWith("2026-01-01") || l.contains("\u001b") || l.contains("\r"));
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void tokensAreCheckedAndOneUserCannotSeeAnothersApps(TestDatabases.Kind kind) throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(kind); PaasdProcess paasd = fixture.startPaasd()) {
            PaasCli admin = fixture.cli(paasd).withEnv("PAAS_API_TOKEN", PlatformFixture.ADMIN_TOKEN);
            assertThat(admin.run("apps:create", "admins-app", "--no-remote").exitCode()).isZero();

            refused(fixture.cli(paasd).run("apps"), "paas login");
            refused(fixture.cli(paasd).withEnv("PAAS_API_TOKEN", "paas_not_a_valid_token_000000").run("apps"),
                    "paas login");

            PaasCli.Result created = admin.run("users:create", "mallory@example.com");
            assertThat(created.exitCode()).as(created.toString()).isZero();
            String malloryToken = created.stdout().strip();
            PaasCli mallory = fixture.cli(paasd).withEnv("PAAS_API_TOKEN", malloryToken);

            assertThat(json(mallory.run("apps", "--json")).size()).isZero();
            refused(mallory.run("config", "-a", "admins-app"), "do not have access");
            refused(mallory.run("config:set", "X=1", "-a", "admins-app"), "do not have access");
            refused(mallory.run("releases", "-a", "admins-app"), "do not have access");
            refused(mallory.run("scale", "web=1", "-a", "admins-app"), "do not have access");
            refused(mallory.run("apps:destroy", "-a", "admins-app", "--confirm", "admins-app"), "do not have access");
            refused(mallory.run("users:create", "eve@example.com"), "only an admin");

            assertThat(json(admin.run("releases", "--json", "-a", "admins-app")).size()).isEqualTo(1);
            assertThat(json(mallory.run("apps:create", "mallorys-app", "--no-remote", "--json")).get("name").asText())
                    .isEqualTo("mallorys-app");
            assertThat(PlatformFixture.appNames(json(mallory.run("apps", "--json")))).containsExactly("mallorys-app");
        }
    }
}
