package paas.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.auth.Authenticator;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.vocabulary.DynoSize;
import paas.api.store.TestSecrets;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP edge of the API over real sockets: auth, errors, paging, headers, hostile requests. */
class ApiServerTest {
    private static final String ADMIN = "admin-token-for-api-tests";
    private static final TestDatabases databases = new TestDatabases();
    private static final ObjectMapper mapper = new ObjectMapper();
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
                "http://%s:8080/"), new Authenticator(services.accounts()), json);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
        databases.close();
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
        assertThat(send("GET", "/apps", "not-a-real-token-at-all-000", null).statusCode()).isEqualTo(401);
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

        HttpResponse<String> rollback = send("POST", "/apps/shape/releases", ADMIN, "{\"release\":2}");
        assertThat(rollback.statusCode()).isEqualTo(201);
        assertThat(json(rollback).get("version").asInt()).isEqualTo(4);
        assertThat(json(send("GET", "/apps/shape/config-vars", ADMIN, null)).toString()).isEqualTo("{\"A\":\"1\",\"B\":\"2\"}");

        HttpResponse<String> scaled = send("PATCH", "/apps/shape/formation", ADMIN,
                "{\"updates\":[{\"type\":\"web\",\"quantity\":3,\"size\":\"standard-2x\"}]}");
        assertThat(scaled.statusCode()).isEqualTo(200);
        assertThat(json(scaled).get(0).get("quantity").asInt()).isEqualTo(3);

        assertThat(send("DELETE", "/apps/shape", ADMIN, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/apps/shape", ADMIN, null).statusCode()).isEqualTo(404);
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
}
