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
import paas.api.service.CertificateService;
import paas.api.service.Services;
import paas.api.store.AppStore;
import paas.api.store.CertificateStore;
import paas.api.store.Database;
import paas.api.store.DomainStore;
import paas.api.store.TestSecrets;
import paas.api.tls.TestChains;
import paas.router.tls.AcmeChallenges;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /apps/{app}/sni-endpoints} and {@code /apps/{app}/acm} over real HTTP: Heroku's fields, no key out, owners only. */
class SniEndpointsApiTest {
    private static final String ADMIN = "admin-token-for-api-tests";
    private static final TestDatabases databases = new TestDatabases();
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final TestChains ca = new TestChains();
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
        services.domains().add(admin, "shop", "www.example.com");
        otherToken = services.accounts().createUser(admin, "other@paas.test").secret();
        CertificateService certs = new CertificateService(db, new CertificateStore(db.secrets()), new DomainStore(),
                new AppStore(), ca.trusting(), Clock.systemUTC(), event -> { });
        Json json = new Json();
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test:5000",
                "http://%s:8080/", null, new Api.Certificates(certs, app -> List.of(), app -> { }, null,
                        new AcmeChallenges())), new Authenticator(services.accounts(),
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
                .header("Authorization", "Bearer " + token).header("Accept", "application/vnd.heroku+json; version=3")
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void addListShowAndRemoveWithHerokusFieldsAndNeverTheKey() throws Exception {
        TestChains.Leaf leaf = ca.leaf("www.example.com");
        String body = mapper.createObjectNode().put("certificate_chain", ca.fullChain(leaf))
                .put("private_key", leaf.keyPem()).toString();

        HttpResponse<String> created = send("POST", "/apps/shop/sni-endpoints", ADMIN, body);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode cert = mapper.readTree(created.body());
        assertThat(cert.path("ssl_cert").path("cert_domains").get(0).asText()).isEqualTo("www.example.com");
        assertThat(cert.path("ssl_cert").path("ca_signed").asBoolean()).isTrue();
        assertThat(cert.path("ssl_cert").path("acm").asBoolean()).isFalse();
        assertThat(cert.path("domains").get(0).asText()).isEqualTo("www.example.com");
        assertThat(cert.has("private_key")).isFalse();
        assertThat(created.body()).doesNotContain("PRIVATE KEY");

        String name = cert.path("name").asText();
        HttpResponse<String> listed = send("GET", "/apps/shop/sni-endpoints", ADMIN, null);
        assertThat(listed.body()).contains(name).doesNotContain("PRIVATE KEY");
        assertThat(send("GET", "/apps/shop/sni-endpoints/" + name, otherToken, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/apps/shop/sni-endpoints/" + name, otherToken, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/apps/shop/sni-endpoints/" + name, ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/apps/shop/sni-endpoints/" + name, ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/apps/shop/sni-endpoints/" + name, ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIsA422ThatNamesTheFix() throws Exception {
        HttpResponse<String> missing = send("POST", "/apps/shop/sni-endpoints", ADMIN, "{\"certificate_chain\":\"x\"}");
        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(missing.body()).contains("private_key");
        HttpResponse<String> unknown = send("POST", "/apps/shop/sni-endpoints", ADMIN, "{\"cert\":\"x\"}");
        assertThat(unknown.statusCode()).isEqualTo(422);
        TestChains.Leaf leaf = ca.leaf("www.example.com");
        HttpResponse<String> chainless = send("POST", "/apps/shop/sni-endpoints", ADMIN, mapper.createObjectNode()
                .put("certificate_chain", paas.api.tls.CertificatePem.toPem(List.of(leaf.cert())))
                .put("private_key", leaf.keyPem()).toString());
        assertThat(chainless.statusCode()).isEqualTo(422);
        assertThat(chainless.body()).contains("the chain is incomplete");
    }

    @Test
    void acmIsTurnedOnAndOffAndShownOnTheApp() throws Exception {
        assertThat(mapper.readTree(send("POST", "/apps/shop/acm", ADMIN, "{}").body()).path("acm").asBoolean()).isTrue();
        assertThat(mapper.readTree(send("GET", "/apps/shop", ADMIN, null).body()).path("acm").asBoolean()).isTrue();
        assertThat(mapper.readTree(send("DELETE", "/apps/shop/acm", ADMIN, null).body()).path("acm").asBoolean())
                .isFalse();
        assertThat(mapper.readTree(send("PATCH", "/apps/shop/tls", ADMIN, "{\"https_only\":true}").body())
                .path("https_only").asBoolean()).isTrue();
        assertThat(send("POST", "/apps/shop/acm", otherToken, "{}").statusCode()).isEqualTo(403);
    }
}
