package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.api.TestClock;
import paas.api.TestDatabases;
import paas.api.addons.AddonLog;
import paas.api.addons.AddonProviders;
import paas.api.addons.AddonService;
import paas.api.addons.TestAddonRuntimes;
import paas.api.auth.AuthBackoff;
import paas.api.auth.Authenticator;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.service.AppListener;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The add-on endpoints over real HTTP: Heroku's shapes, the status of each refusal, owners only. */
class AddonsApiTest {
    private static final String ADMIN = "admin-token-for-api-tests";
    private static final TestDatabases databases = new TestDatabases();
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Database db;
    private static ApiServer server;
    private static ApiServer local;
    private static String otherToken;

    @BeforeAll
    static void start() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN));
        var admin = services.accounts().authenticate(ADMIN).orElseThrow();
        services.apps().create(admin, Optional.of("shop"));
        services.apps().create(admin, Optional.of("blog"));
        otherToken = services.accounts().createUser(admin, "other@paas.test").secret();
        Json json = new Json();
        Authenticator authenticator = new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), new TestClock()));
        AddonService addons = new AddonService(db, Optional.of(AddonProviders.standard(TestAddonRuntimes.inMemory())),
                AddonLog.NONE, AppListener.NONE, Clock.systemUTC(), Duration.ofSeconds(5));
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test:5000",
                "http://%s:8080/", null, null, addons), authenticator, json);
        AddonService none = new AddonService(db, Optional.empty(), AddonLog.NONE, AppListener.NONE, Clock.systemUTC(),
                Duration.ofSeconds(5));
        local = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test:5000",
                "http://%s:8080/", null, null, none), authenticator, json);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        local.close();
        db.close();
        databases.close();
    }

    private static HttpResponse<String> send(ApiServer to, String method, String path, String token, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token).header("Accept", "application/vnd.heroku+json; version=3")
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return send(server, method, path, token, body);
    }

    @Test
    void anAddonAndItsAttachmentsHaveHerokusShapes() throws Exception {
        HttpResponse<String> created = send("POST", "/apps/shop/addons", ADMIN,
                "{\"plan\": \"heroku-postgresql:standard\", \"name\": \"shapes-db\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode addon = mapper.readTree(created.body());
        assertThat(addon.get("name").asText()).isEqualTo("shapes-db");
        assertThat(addon.get("addon_service").get("name").asText()).isEqualTo("heroku-postgresql");
        assertThat(addon.get("addon_service").get("id").asText()).hasSize(36);
        assertThat(addon.get("plan").get("name").asText()).isEqualTo("heroku-postgresql:standard");
        assertThat(addon.get("app").get("name").asText()).isEqualTo("shop");
        assertThat(addon.get("state").asText()).isEqualTo("provisioned");
        assertThat(addon.get("config_vars").toString()).isEqualTo("[\"DATABASE_URL\",\"HEROKU_POSTGRESQL_RED_URL\"]");
        assertThat(addon.get("provider_id").asText()).isNotBlank();
        assertThat(addon.has("web_url")).isTrue();
        assertThat(addon.has("created_at") && addon.has("updated_at")).isTrue();

        HttpResponse<String> attached = send("POST", "/addon-attachments", ADMIN,
                "{\"addon\": \"shapes-db\", \"app\": \"blog\", \"name\": \"SHOP_DB\"}");
        assertThat(attached.statusCode()).as(attached.body()).isEqualTo(201);
        JsonNode attachment = mapper.readTree(attached.body());
        assertThat(attachment.get("name").asText()).isEqualTo("SHOP_DB");
        assertThat(attachment.get("app").get("name").asText()).isEqualTo("blog");
        assertThat(attachment.get("addon").get("name").asText()).isEqualTo("shapes-db");
        assertThat(attachment.get("addon").get("app").get("name").asText()).isEqualTo("shop");
        String id = attachment.get("id").asText();
        assertThat(send("GET", "/addon-attachments/" + id, ADMIN, null).body()).contains("\"SHOP_DB\"");
        assertThat(mapper.readTree(send("GET", "/apps/blog/addon-attachments", ADMIN, null).body())).hasSize(1);
        assertThat(mapper.readTree(send("GET", "/apps/blog/addons", ADMIN, null).body()).get(0).get("name").asText())
                .isEqualTo("shapes-db");

        HttpResponse<String> refused = send("DELETE", "/addons/shapes-db", ADMIN, null);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(mapper.readTree(refused.body()).get("id").asText()).isEqualTo("confirmation_required");
        assertThat(send("DELETE", "/addon-attachments/" + id, ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/addons/shapes-db", ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/addons/shapes-db", ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void refusalsAnswerTheirStatusAndNameTheFix() throws Exception {
        HttpResponse<String> unknown = send("POST", "/apps/shop/addons", ADMIN, "{\"plan\": \"mysql\"}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(unknown.body()).contains("invalid_params").contains("postgresql").contains("redis");
        // A field the request does not take is ignored (Heroku's rule, see Body); a known one of the wrong type is not.
        assertThat(send("POST", "/apps/shop/addons", ADMIN, "{\"plan\": \"redis\", \"name\": 1}").statusCode())
                .isEqualTo(422);
        assertThat(send("POST", "/apps/shop/addons", ADMIN, "{\"plan\": \"redis\", \"attachment\": \"X\"}").statusCode())
                .isEqualTo(422);
        assertThat(send("POST", "/apps/shop/addons", otherToken, "{\"plan\": \"redis\"}").statusCode()).isEqualTo(403);
        assertThat(send("GET", "/addons/no-such-addon", ADMIN, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", "/addon-attachments/not-an-id", ADMIN, null).statusCode()).isEqualTo(404);

        HttpResponse<String> withoutEngine = send(local, "POST", "/apps/shop/addons", ADMIN, "{\"plan\": \"redis\"}");
        assertThat(withoutEngine.statusCode()).isEqualTo(503);
        assertThat(withoutEngine.body()).contains("\"unavailable\"").contains("deploy/docker/ensure-engine.sh");
        assertThat(send(local, "GET", "/addons", ADMIN, null).statusCode()).isEqualTo(200);
    }
}
