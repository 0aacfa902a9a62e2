package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.auth.AuthBackoff;
import paas.api.auth.Authenticator;
import paas.api.domain.App;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.SlugRecord;
import paas.api.domain.User;
import paas.api.service.AppService;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shapes Heroku API clients rely on, over real HTTP: the apps list at {@code /users/~/apps},
 * formation quantities sent as strings, and the fields of apps, formation and releases that
 * clients read (a client's plain rollback looks for {@code eligible_for_rollback}).
 */
class ApiShapesTest {
    private static final String ADMIN = "admin-token-for-shapes-tests";
    private static final TestDatabases databases = new TestDatabases();
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Database db;
    private static ApiServer server;

    @BeforeAll
    static void start() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN));
        User admin = services.accounts().authenticate(ADMIN).orElseThrow();
        Json json = new Json();
        Authenticator authenticator = new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), Clock.systemUTC()));
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test:5000",
                        "http://%s:8080/"), authenticator, json, ApiServer.Streaming.none(), ApiServer.newWorkers(),
                new ForwardedFor(java.util.Set.of()),
                new ApiRateLimit(new ApiRateLimit.Policy(1_000_000, 1_000_000), Clock.systemUTC()));
        App shop = services.apps().create(admin, Optional.of("shop"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        services.releases().deploy(shop.id(), admin, new SlugRecord(UUID.randomUUID(), shop.id(), "a".repeat(64), 4321,
                "c0ffee", "procfile", AppService.STACK, Map.of("web", "node server.js", "worker", "node worker.js"), now),
                "Deploy c0ffee");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
        databases.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + ADMIN).header("Accept", "application/vnd.heroku+json; version=3")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return mapper.readTree(r.body());
    }

    @Test
    void theAppsListIsAlsoAtUsersTildeAppsAndAnAppHasHerokusFields() throws Exception {
        JsonNode apps = ok(send("GET", "/users/~/apps", null));
        assertThat(apps.isArray()).isTrue();
        assertThat(apps.findValuesAsText("name")).contains("shop");
        JsonNode app = ok(send("GET", "/apps/shop", null));
        assertThat(app.get("region").get("name").asText()).isEqualTo("local");
        assertThat(app.get("slug_size").asLong()).isEqualTo(4321);
        assertThat(app.has("repo_size")).isTrue();
        assertThat(app.get("build_stack").isObject()).isTrue();
    }

    @Test
    void formationTakesAQuantityAsANumericStringAndRefusesAnyOtherString() throws Exception {
        JsonNode worker = ok(send("PATCH", "/apps/shop/formation/worker", "{\"quantity\":\"2\"}"));
        assertThat(worker.get("quantity").asInt()).isEqualTo(2);
        assertThat(worker.get("id").isTextual()).isTrue();
        assertThat(worker.get("app").get("name").asText()).isEqualTo("shop");
        assertThat(worker.get("created_at").isTextual()).isTrue();
        assertThat(worker.get("dyno_size").get("name").isTextual()).isTrue();
        JsonNode batch = ok(send("PATCH", "/apps/shop/formation", "{\"updates\":[{\"type\":\"worker\",\"quantity\":\"0\"}]}"));
        assertThat(batch.findValuesAsText("type")).contains("worker");

        HttpResponse<String> words = send("PATCH", "/apps/shop/formation/worker", "{\"quantity\":\"two\"}");
        assertThat(words.statusCode()).isEqualTo(422);
        assertThat(words.body()).contains("quantity");
    }

    @Test
    void onlyAReleaseWithASlugIsEligibleForRollbackAndEachNamesItsApp() throws Exception {
        JsonNode releases = ok(send("GET", "/apps/shop/releases", null));
        assertThat(releases).hasSize(2);
        for (JsonNode release : releases) {
            assertThat(release.get("app").get("name").asText()).isEqualTo("shop");
            assertThat(release.get("eligible_for_rollback").asBoolean()).as("v%s", release.get("version"))
                    .isEqualTo(release.get("version").asInt() == 2);
            assertThat(release.has("output_stream_url")).isTrue();
        }
    }
}
