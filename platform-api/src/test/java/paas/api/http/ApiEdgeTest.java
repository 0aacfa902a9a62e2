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

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Heroku's HTTP edge: ETag and 304, RateLimit-Remaining and 429, JSON errors for requests over a size limit. */
class ApiEdgeTest {
    private static final String ADMIN = "admin-token-for-edge-tests";
    private static final int BUDGET = 5;
    private static final TestDatabases databases = new TestDatabases();
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final TestClock clock = new TestClock();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Database db;
    private static Services services;
    private static ApiServer server;

    @BeforeAll
    static void start() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN));
        Json json = new Json();
        Authenticator authenticator = new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), clock));
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test:5000",
                        "http://%s:8080/"), authenticator, json, ApiServer.Streaming.none(), ApiServer.newWorkers(),
                new ForwardedFor(java.util.Set.of()), new ApiRateLimit(new ApiRateLimit.Policy(BUDGET, 60), clock));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
        databases.close();
    }

    /** A new user with a full pool of request tokens, after a quiet hour that refilled every pool. */
    private static String newUser(String email) throws Exception {
        clock.advance(Duration.ofHours(1));
        HttpResponse<String> made = send("POST", "/users", ADMIN, "{\"email\":\"" + email + "\"}");
        assertThat(made.statusCode()).isEqualTo(201);
        return mapper.readTree(made.body()).get("access_token").get("token").asText();
    }

    private static HttpResponse<String> send(String method, String path, String token, String body,
                                             String... headers) throws Exception {
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

    @Test
    void aGetAnswerCarriesAnETagAndTheSameAnswerAgainIs304WithNoBody() throws Exception {
        String token = newUser("etag@paas.test");
        assertThat(send("POST", "/apps", token, "{\"name\":\"tagged\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> first = send("GET", "/apps/tagged/config-vars", token, null);
        String tag = first.headers().firstValue("ETag").orElseThrow();
        assertThat(tag).matches("\"[0-9a-f]{32}\"");

        HttpResponse<String> again = send("GET", "/apps/tagged/config-vars", token, null, "If-None-Match", tag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.headers().firstValue("ETag")).contains(tag);
        assertThat(send("GET", "/apps/tagged/config-vars", token, null, "If-None-Match", "\"other\", W/" + tag)
                .statusCode()).as("a list, compared weakly").isEqualTo(304);

        clock.advance(Duration.ofHours(1)); // more requests than this test's small budget
        assertThat(send("PATCH", "/apps/tagged/config-vars", token, "{\"A\":\"1\"}").headers().firstValue("ETag"))
                .as("only GET answers are tagged").isEmpty();
        HttpResponse<String> changed = send("GET", "/apps/tagged/config-vars", token, null, "If-None-Match", tag);
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("{\"A\":\"1\"}");
        assertThat(changed.headers().firstValue("ETag")).isPresent().isNotEqualTo(Optional.of(tag));
    }

    @Test
    void eachUserHasAPoolOfRequestTokensThatRefillsOverTime() throws Exception {
        String token = newUser("busy@paas.test");
        String other = newUser("calm@paas.test");
        for (int left = BUDGET - 1; left >= 0; left--) {
            HttpResponse<String> r = send("GET", "/apps", token, null);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("RateLimit-Remaining")).contains(Integer.toString(left));
        }
        HttpResponse<String> refused = send("GET", "/apps", token, null);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(mapper.readTree(refused.body()).get("id").asText()).isEqualTo("rate_limit");
        assertThat(mapper.readTree(refused.body()).get("message").asText()).contains("PAAS_API_RATE_LIMIT");
        assertThat(refused.headers().firstValue("Retry-After")).contains("1");
        assertThat(refused.headers().firstValue("RateLimit-Remaining")).contains("0");

        HttpResponse<String> otherUser = send("GET", "/apps", other, null);
        assertThat(otherUser.statusCode()).as("another user's pool is their own").isEqualTo(200);
        assertThat(otherUser.headers().firstValue("RateLimit-Remaining")).contains(Integer.toString(BUDGET - 1));
        assertThat(send("GET", "/health", null, null).headers().firstValue("RateLimit-Remaining"))
                .as("no token, no pool").isEmpty();

        clock.advance(Duration.ofSeconds(2)); // 60 a minute: 2 tokens
        assertThat(send("GET", "/apps", token, null).headers().firstValue("RateLimit-Remaining")).contains("1");
        assertThat(send("GET", "/apps", token, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/apps", token, null).statusCode()).isEqualTo(429);
        clock.advance(Duration.ofHours(1));
        assertThat(send("GET", "/apps", token, null).headers().firstValue("RateLimit-Remaining"))
                .as("a pool holds at most its budget").contains(Integer.toString(BUDGET - 1));
    }

    @Test
    void aBodyOverTheLimitGets413WithTheJsonErrorHowEverItIsSent() throws Exception {
        String huge = "{\"A\":\"" + "x".repeat(ApiServer.MAX_BODY_BYTES) + "\"}";
        HttpResponse<String> announced = send("PATCH", "/apps/anything/config-vars", ADMIN, huge);
        assertThat(announced.statusCode()).isEqualTo(413);
        assertTooLarge(announced.body());

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PATCH /apps/anything/config-vars HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String chunk = "y".repeat(64 * 1024);
            try {
                for (int i = 0; i < 20; i++) {
                    out.write((Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                }
            } catch (java.io.IOException closedWhileWriting) {
                // the server answered and closed before the client finished: the answer is still there
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).as("a chunked body that grows too large").startsWith("HTTP/1.1 413");
            assertTooLarge(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write(("PATCH /apps/anything/config-vars HTTP/1.1\r\nHost: x\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + (ApiServer.MAX_BODY_BYTES + 1)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            // The connection stays open for the client's next request: read one answer.
            String answer = oneAnswer(socket.getInputStream());
            assertThat(answer).as("announced with Expect: 100-continue").startsWith("HTTP/1.1 413");
            assertTooLarge(answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
        assertThat(send("GET", "/health", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestLineOrHeadersOverTheLimitGetTheJsonErrorToo() throws Exception {
        String line = rawAnswer("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(line).startsWith("HTTP/1.1 414");
        assertThat(mapper.readTree(line.substring(line.indexOf("\r\n\r\n") + 4)).get("id").asText())
                .isEqualTo("request_uri_too_long");
        String headers = rawAnswer("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(100_000) + "\r\n\r\n");
        assertThat(headers).startsWith("HTTP/1.1 431");
        assertThat(mapper.readTree(headers.substring(headers.indexOf("\r\n\r\n") + 4)).get("id").asText())
                .isEqualTo("request_header_fields_too_large");
    }

    @Test
    void fieldsARequestDoesNotTakeAreIgnoredOnEveryEndpointAsHerokuDoes() throws Exception {
        String token = newUser("fields@paas.test");
        HttpResponse<String> created = send("POST", "/apps", token,
                "{\"name\":\"extra\",\"space\":null,\"internal_routing\":false,\"feature_flags\":[]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> patched = send("PATCH", "/apps/extra", token,
                "{\"maintenance\":true,\"acm\":false}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(mapper.readTree(patched.body()).get("maintenance").asBoolean()).isTrue();
        HttpResponse<String> domain = send("POST", "/apps/extra/domains", token,
                "{\"hostname\":\"www.extra.example.com\",\"sni_endpoint\":null,\"kind\":\"custom\"}");
        assertThat(domain.statusCode()).as(domain.body()).isEqualTo(201);
        HttpResponse<String> formation = send("PATCH", "/apps/extra/formation", token,
                "{\"updates\":[{\"type\":\"web\",\"quantity\":0,\"dyno_size\":{\"name\":\"x\"}}],\"why\":1}");
        assertThat(formation.statusCode()).as("nested objects too: " + formation.body()).isNotEqualTo(422);

        HttpResponse<String> wrongType = send("POST", "/apps", token, "{\"name\":7,\"unknown\":true}");
        assertThat(wrongType.statusCode()).as("a known field of the wrong type is still refused").isEqualTo(422);
    }

    private static String rawAnswer(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (java.io.IOException closedWhileWriting) {
                // answered and closed early
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String oneAnswer(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the answer ended early: " + head).isNotNegative();
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                .matcher(head);
        assertThat(length.find()).as(head.toString()).isTrue();
        return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.ISO_8859_1);
    }

    private static void assertTooLarge(String body) throws Exception {
        JsonNode error = mapper.readTree(body);
        assertThat(error.get("id").asText()).isEqualTo("request_entity_too_large");
        assertThat(error.get("message").asText()).contains(Integer.toString(ApiServer.MAX_BODY_BYTES));
    }
}
