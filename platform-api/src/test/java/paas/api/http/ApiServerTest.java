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
import paas.vocabulary.DynoSize;
import paas.api.store.TestSecrets;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP edge of the API over real sockets: auth, errors, paging, headers, hostile requests. */
class ApiServerTest {
    private static final String ADMIN = "admin-token-for-api-tests";
    private static final TestDatabases databases = new TestDatabases();
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final TestClock clock = new TestClock();
    private static Database db;
    private static ApiServer server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults().withDynosPerType(100));
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN));
        Json json = new Json();
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test:5000",
                "http://%s:8080/"), new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), clock)), json);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
        databases.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String... headers)
            throws Exception {
        return send(http, method, path, token, body, headers);
    }

    /**
     * A client from its own loopback address (127.0.0.0/8 is all loopback on Linux), so the requests
     * with bad tokens a test sends on purpose back off that address only.
     */
    private static HttpClient from(String loopback) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(loopback)).build();
    }

    private HttpResponse<String> send(HttpClient client, String method, String path, String token, String body,
                                      String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return mapper.readTree(r.body());
    }

    @Test
    void healthNeedsNoTokenButEverythingElseDoes() throws Exception {
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
        HttpResponse<String> r = send("GET", "/apps", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).get("id").asText()).isEqualTo("unauthorized");
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"paas\"");
        assertThat(send(from("127.0.0.21"), "GET", "/apps", "not-a-real-token-at-all-000", null).statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/nowhere", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void everyResponseCarriesARequestIdAndKeepsAValidIncomingOne() throws Exception {
        assertThat(send("GET", "/health", null, null).headers().firstValue("Request-Id")).isPresent();
        String mine = "0123456789abcdef-request";
        assertThat(send("GET", "/health", null, null, "X-Request-Id", mine).headers().firstValue("Request-Id"))
                .contains(mine);
        assertThat(send("GET", "/health", null, null, "X-Request-Id", "short").headers().firstValue("Request-Id"))
                .isNotEqualTo(Optional.of("short"));
    }

    @Test
    void appLifecycleAnswersHerokuShapes() throws Exception {
        HttpResponse<String> created = send("POST", "/apps", ADMIN, "{\"name\":\"shape\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode app = json(created);
        assertThat(app.get("git_url").asText()).isEqualTo("http://paas.test:5000/shape.git");
        assertThat(app.get("web_url").asText()).isEqualTo("http://shape.paas.test:8080/");
        assertThat(app.get("owner").get("email").asText()).isEqualTo("admin@paas.test");
        assertThat(app.get("stack").get("name").asText()).isEqualTo("paas-bookworm");
        assertThat(app.has("released_at")).isTrue();

        HttpResponse<String> patched = send("PATCH", "/apps/shape/config-vars", ADMIN, "{\"A\":\"1\",\"B\":\"2\"}");
        assertThat(json(patched).toString()).isEqualTo("{\"A\":\"1\",\"B\":\"2\"}");
        HttpResponse<String> unset = send("PATCH", "/apps/shape/config-vars", ADMIN, "{\"A\":null}");
        assertThat(json(unset).toString()).isEqualTo("{\"B\":\"2\"}");

        HttpResponse<String> release = send("GET", "/apps/shape/releases/v3", ADMIN, null);
        assertThat(json(release).get("description").asText()).isEqualTo("Remove A config vars");
        assertThat(json(release).get("current").asBoolean()).isTrue();
        assertThat(json(release).get("status").asText()).isEqualTo("succeeded");

        // Nothing was deployed: no release has a slug, so a rollback could only stop every dyno.
        HttpResponse<String> rollback = send("POST", "/apps/shape/releases", ADMIN, "{\"release\":2}");
        assertThat(rollback.statusCode()).isEqualTo(422);
        assertThat(json(rollback).get("message").asText()).isEqualTo("release v2 has no slug (it was made before the"
                + " first deploy), so shape cannot run from it: no earlier release has a slug, so there is nothing to"
                + " roll back to (`paas releases -a shape` lists them)");
        assertThat(json(send("GET", "/apps/shape/releases", ADMIN, null))).hasSize(3);
        assertThat(json(send("GET", "/apps/shape/config-vars", ADMIN, null)).toString()).isEqualTo("{\"B\":\"2\"}");

        HttpResponse<String> scaled = send("PATCH", "/apps/shape/formation", ADMIN,
                "{\"updates\":[{\"type\":\"web\",\"quantity\":3,\"size\":\"Standard-2X\"}]}");
        assertThat(scaled.statusCode()).isEqualTo(200);
        assertThat(json(scaled).get(0).get("quantity").asInt()).isEqualTo(3);
        assertThat(json(scaled).get(0).get("size").asText()).isEqualTo("standard-2x");


        assertThat(send("DELETE", "/apps/shape", ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/apps/shape", ADMIN, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aDrainIsRemovedByItsUrlEncodedAsOnePathSegment() throws Exception {
        assertThat(send("POST", "/apps", ADMIN, "{\"name\":\"drained\"}").statusCode()).isEqualTo(201);
        String url = "https://93.184.215.14/logs/ingest";
        HttpResponse<String> drain = send("POST", "/apps/drained/log-drains", ADMIN, "{\"url\":\"" + url + "\"}");
        assertThat(drain.statusCode()).as(drain.body()).isEqualTo(201);
        HttpResponse<String> removed = send("DELETE", "/apps/drained/log-drains/"
                + java.net.URLEncoder.encode(url, StandardCharsets.UTF_8), ADMIN, null);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(json(removed).get("url").asText()).isEqualTo(url);
        assertThat(json(send("GET", "/apps/drained/log-drains", ADMIN, null))).isEmpty();
        assertThat(send("DELETE", "/apps/drained", ADMIN, null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusedRequestsSayWhyAndChangeNothing() throws Exception {
        HttpResponse<String> badName = send("POST", "/apps", ADMIN, "{\"name\":\"Bad_Name\"}");
        assertThat(badName.statusCode()).isEqualTo(422);
        assertThat(json(badName).get("id").asText()).isEqualTo("invalid_params");
        assertThat(json(badName).get("message").asText()).contains("^[a-z][a-z0-9-]{1,29}$");

        send("POST", "/apps", ADMIN, "{\"name\":\"guarded\"}");
        assertThat(send("PATCH", "/apps/guarded/config-vars", ADMIN, "{\"A\":1}").statusCode()).isEqualTo(422);
        assertThat(send("PATCH", "/apps/guarded/config-vars", ADMIN, "{\"OK\":\"1\",\"BAD-KEY\":\"1\"}").statusCode())
                .isEqualTo(422);
        assertThat(send("PATCH", "/apps/guarded/config-vars", ADMIN, "{\"A\":\"1\",\"A\":\"2\"}").statusCode())
                .isEqualTo(400);
        assertThat(send("PATCH", "/apps/guarded/config-vars", ADMIN, "{not json").statusCode()).isEqualTo(400);
        assertThat(send("PATCH", "/apps/guarded/config-vars", ADMIN, "[1,2]").statusCode()).isEqualTo(400);
        assertThat(send("PATCH", "/apps/guarded/formation", ADMIN,
                "{\"updates\":[{\"type\":\"web\",\"quantity\":-1}]}").statusCode()).isEqualTo(422);
        assertThat(send("POST", "/apps/guarded/domains", ADMIN, "{\"hostname\":\"under_score.example.com\"}")
                .statusCode()).isEqualTo(422);
        assertThat(send("POST", "/apps", ADMIN, "{\"name\":\"guarded\"}").statusCode()).isEqualTo(409);
        assertThat(send("DELETE", "/apps/guarded/domains/nope.example.com", ADMIN, null).statusCode()).isEqualTo(404);

        assertThat(json(send("GET", "/apps/guarded/config-vars", ADMIN, null)).size()).isZero();
        assertThat(json(send("GET", "/apps/guarded/releases", ADMIN, null)).size()).isEqualTo(1);
        assertThat(json(send("GET", "/apps/guarded/formation", ADMIN, null)).size()).isZero();
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        String huge = "{\"A\":\"" + "x".repeat(ApiServer.MAX_BODY_BYTES) + "\"}";
        assertThat(send("PATCH", "/apps/anything/config-vars", ADMIN, huge).statusCode()).isEqualTo(413);
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void listsPageWithRangeAndNextRange() throws Exception {
        send("POST", "/apps", ADMIN, "{\"name\":\"paging\"}");
        for (int i = 0; i < 3; i++) {
            send("PATCH", "/apps/paging/config-vars", ADMIN, "{\"N\":\"" + i + "\"}");
        }
        HttpResponse<String> first = send("GET", "/apps/paging/releases", ADMIN, null,
                "Range", "version ..; max=2, order=desc");
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Next-Range")).contains("version ]3..; max=2, order=desc");
        assertThat(json(first).findValuesAsText("description")).hasSize(2);
        HttpResponse<String> rest = send("GET", "/apps/paging/releases", ADMIN, null,
                "Range", first.headers().firstValue("Next-Range").orElseThrow());
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(json(rest).get(0).get("version").asInt()).isEqualTo(2);
    }

    @Test
    void oneUsersTokenCannotTouchAnothersApp() throws Exception {
        JsonNode carol = json(send("POST", "/users", ADMIN, "{\"email\":\"carol@paas.test\"}"));
        String carolToken = carol.get("access_token").get("token").asText();
        JsonNode dave = json(send("POST", "/users", ADMIN, "{\"email\":\"dave@paas.test\"}"));
        String daveToken = dave.get("access_token").get("token").asText();
        assertThat(send("POST", "/apps", carolToken, "{\"name\":\"carols\"}").statusCode()).isEqualTo(201);

        assertThat(json(send("GET", "/apps", daveToken, null)).size()).isZero();
        for (String[] call : new String[][]{{"GET", "/apps/carols"}, {"GET", "/apps/carols/config-vars"},
                {"GET", "/apps/carols/releases"}, {"GET", "/apps/carols/formation"}, {"GET", "/apps/carols/domains"},
                {"DELETE", "/apps/carols"}}) {
            assertThat(send(call[0], call[1], daveToken, null).statusCode()).as(call[1]).isEqualTo(403);
        }
        assertThat(send("PATCH", "/apps/carols/config-vars", daveToken, "{\"X\":\"1\"}").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/users", daveToken, "{\"email\":\"eve@paas.test\"}").statusCode()).isEqualTo(403);
        assertThat(json(send("GET", "/apps/carols/config-vars", carolToken, null)).size()).isZero();
    }

    @Test
    void garbageOnTheWireGets400AndClosesThatConnectionOnly() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("\u0000\u0001GARBAGE / HTTP/9.9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void oversizedHeadersAreCutOffWithoutHurtingOtherClients() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            try {
                out.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ".getBytes(StandardCharsets.ISO_8859_1));
                out.write("y".repeat(200_000).getBytes(StandardCharsets.ISO_8859_1));
                out.write("\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (java.io.IOException closedWhileWriting) {
                // the server may refuse and close before the client has finished sending: that is the point
            }
            InputStream in = socket.getInputStream();
            try {
                String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).doesNotStartWith("HTTP/1.1 200");
            } catch (java.io.IOException reset) {
                // a reset connection is as good a refusal as a 4xx
            }
        }
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressSendingBadTokensIsToldToWaitEvenWithTheRightToken() throws Exception {
        HttpClient guesser = from("127.0.0.22");
        for (int i = 0; i < AuthBackoff.Policy.defaults().freeFailures(); i++) {
            assertThat(send(guesser, "GET", "/apps", "paas_guess-number-" + i, null).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = send(guesser, "GET", "/apps", ADMIN, null);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).contains("1");
        assertThat(json(blocked).get("id").asText()).isEqualTo("rate_limit");
        assertThat(json(blocked).get("message").asText()).contains("127.0.0.22").contains("even with a correct token");
        assertThat(send("GET", "/apps", ADMIN, null).statusCode()).as("other addresses go on").isEqualTo(200);
        assertThat(send(guesser, "GET", "/health", null, null).statusCode()).as("no token, no check").isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        assertThat(send(guesser, "GET", "/apps", "paas_guess-number-again", null).statusCode()).isEqualTo(401);
        HttpResponse<String> longer = send(guesser, "GET", "/apps", ADMIN, null);
        assertThat(longer.statusCode()).isEqualTo(429);
        assertThat(longer.headers().firstValue("Retry-After")).as("each failure after a block doubles it").contains("2");

        clock.advance(Duration.ofSeconds(2));
        assertThat(send(guesser, "GET", "/apps", ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(send(guesser, "GET", "/apps", "paas_guess-after-success", null).statusCode())
                .as("a success forgot the address").isEqualTo(401);
    }

    @Test
    void anAdminRevokesAnotherUsersTokenWhichNobodyElseCanEvenSee() throws Exception {
        String erin = json(send("POST", "/users", ADMIN, "{\"email\":\"erin@paas.test\"}"))
                .get("access_token").get("token").asText();
        String frank = json(send("POST", "/users", ADMIN, "{\"email\":\"frank@paas.test\"}"))
                .get("access_token").get("token").asText();
        JsonNode laptop = json(send("POST", "/oauth/authorizations", erin, "{\"description\":\"laptop\"}"));
        String laptopId = laptop.get("id").asText();
        String laptopToken = laptop.get("access_token").get("token").asText();

        HttpResponse<String> othersToken = send("DELETE", "/oauth/authorizations/" + laptopId, frank, null);
        HttpResponse<String> unknownToken = send("DELETE", "/oauth/authorizations/" + java.util.UUID.randomUUID(),
                frank, null);
        assertThat(othersToken.statusCode()).isEqualTo(404);
        assertThat(unknownToken.statusCode()).isEqualTo(404);
        assertThat(json(othersToken).get("message").asText().replace(laptopId, "ID")).as("no existence oracle")
                .isEqualTo(json(unknownToken).get("message").asText().replaceAll("token \\S+ ", "token ID "));
        assertThat(send("GET", "/users/erin@paas.test/authorizations", frank, null).statusCode()).isEqualTo(403);

        JsonNode listed = json(send("GET", "/users/erin%40paas.test/authorizations", ADMIN, null));
        assertThat(listed.findValuesAsText("description")).containsExactly("created by admin@paas.test", "laptop");
        assertThat(listed.toString()).doesNotContain(laptopToken).doesNotContain(erin);
        assertThat(listed.get(1).get("access_token").isNull()).isTrue();

        HttpResponse<String> revoked = send("DELETE", "/oauth/authorizations/" + laptopId, ADMIN, null);
        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(json(revoked).get("id").asText()).isEqualTo(laptopId);
        assertThat(send(from("127.0.0.23"), "GET", "/account", laptopToken, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/account", erin, null).statusCode()).as("her other token stays").isEqualTo(200);
    }

    @Test
    void anAdminDisablesEnablesAndDestroysUsers() throws Exception {
        String gina = json(send("POST", "/users", ADMIN, "{\"email\":\"gina@paas.test\"}"))
                .get("access_token").get("token").asText();
        HttpClient elsewhere = from("127.0.0.24");
        assertThat(send("POST", "/apps", gina, "{\"name\":\"ginas\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> disabled = send("PATCH", "/users/gina@paas.test", ADMIN, "{\"disabled\":true}");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(json(disabled).get("disabled").asBoolean()).isTrue();
        assertThat(send(elsewhere, "GET", "/account", gina, null).statusCode()).isEqualTo(401);
        JsonNode users = json(send("GET", "/users", ADMIN, null));
        assertThat(users.findValues("email").toString()).contains("gina@paas.test");
        for (JsonNode user : users) {
            assertThat(user.get("disabled").asBoolean()).isEqualTo(user.get("email").asText().equals("gina@paas.test"));
        }
        assertThat(send("PATCH", "/users/gina@paas.test", ADMIN, "{\"disabled\":\"yes\"}").statusCode()).isEqualTo(422);
        assertThat(send("PATCH", "/users/gina@paas.test", ADMIN, "{}").statusCode()).isEqualTo(422);
        assertThat(send("PATCH", "/users/admin@paas.test", ADMIN, "{\"disabled\":true}").statusCode()).isEqualTo(403);

        assertThat(send("PATCH", "/users/gina@paas.test", ADMIN, "{\"disabled\":false}").statusCode()).isEqualTo(200);
        assertThat(send(elsewhere, "GET", "/account", gina, null).statusCode()).isEqualTo(200);

        HttpResponse<String> refused = send("DELETE", "/users/gina@paas.test", ADMIN, null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).get("message").asText()).contains("still owns 1 app").contains("apps:destroy");
        assertThat(send("DELETE", "/apps/ginas", ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/users/gina@paas.test", ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/users/gina@paas.test", ADMIN, null).statusCode()).isEqualTo(404);
        assertThat(send(elsewhere, "GET", "/account", gina, null).statusCode()).isEqualTo(401);
    }
}
