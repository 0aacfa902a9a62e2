package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.api.TestClock;
import paas.api.TestDatabases;
import paas.api.auth.AuthBackoff;
import paas.api.auth.Authenticator;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /apps/{app}/domains} over real HTTP: Heroku's kind (heroku, custom) and cname (the DNS target), one by name. */
class DomainsApiTest {
    private static final String ADMIN = "admin-token-for-domain-tests";
    private static final TestDatabases databases = new TestDatabases();
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Database db;
    private static ApiServer server;
    private static String otherToken;

    @BeforeAll
    static void start() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN));
        var admin = services.accounts().authenticate(ADMIN).orElseThrow();
        services.apps().create(admin, Optional.of("shop"));
        otherToken = services.accounts().createUser(admin, "other@paas.test").secret();
        Json json = new Json();
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test:5000",
                "http://%s:8080/"), new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), new TestClock())), json);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
        databases.close();
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return mapper.readTree(r.body());
    }

    @Test
    void domainsHaveHerokusKindAndTheCustomOnesTheAppsOwnNameAsDnsTarget() throws Exception {
        HttpResponse<String> added = send("POST", "/apps/shop/domains", ADMIN, "{\"hostname\":\"www.example.com\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(json(added).path("kind").asText()).isEqualTo("custom");
        assertThat(json(added).path("cname").asText()).isEqualTo("shop.paas.test");
        assertThat(json(added).path("app").path("name").asText()).isEqualTo("shop");
        assertThat(json(added).path("app").path("id").asText()).hasSize(36);
        assertThat(json(added).path("status").asText()).isEqualTo("succeeded");

        JsonNode list = json(send("GET", "/apps/shop/domains", ADMIN, null));
        assertThat(list).hasSize(2);
        JsonNode own = list.get(0).path("kind").asText().equals("heroku") ? list.get(0) : list.get(1);
        JsonNode custom = own == list.get(0) ? list.get(1) : list.get(0);
        assertThat(own.path("hostname").asText()).isEqualTo("shop.paas.test");
        assertThat(own.has("cname")).isTrue();
        assertThat(own.path("cname").isNull()).isTrue();
        assertThat(custom.path("kind").asText()).isEqualTo("custom");
        assertThat(custom.path("cname").asText()).isEqualTo("shop.paas.test");
        assertThat(custom.path("updated_at").asText()).isEqualTo(custom.path("created_at").asText());
        assertThat(own.path("app").path("name").asText()).isEqualTo("shop");

        HttpResponse<String> byName = send("GET", "/apps/shop/domains/WWW.example.com", ADMIN, null);
        assertThat(byName.statusCode()).isEqualTo(200);
        assertThat(json(byName).path("id").asText()).isEqualTo(custom.path("id").asText());
        assertThat(json(byName).path("cname").asText()).isEqualTo("shop.paas.test");
        HttpResponse<String> byId = send("GET", "/apps/shop/domains/" + own.path("id").asText(), ADMIN, null);
        assertThat(json(byId).path("kind").asText()).isEqualTo("heroku");

        HttpResponse<String> removed = send("DELETE", "/apps/shop/domains/www.example.com", ADMIN, null);
        assertThat(json(removed).path("cname").asText()).isEqualTo("shop.paas.test");
        assertThat(send("GET", "/apps/shop/domains/www.example.com", ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void oneDomainIsShownOnlyToThoseWhoMayReadTheApp() throws Exception {
        HttpResponse<String> r = send("GET", "/apps/shop/domains/shop.paas.test", otherToken, null);
        assertThat(r.statusCode()).isIn(403, 404);
        assertThat(r.body()).doesNotContain("shop.paas.test\"");
    }
}
