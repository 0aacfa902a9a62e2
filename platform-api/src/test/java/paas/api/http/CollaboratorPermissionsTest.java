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
import paas.api.deploy.PlatformGitAccess;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.builder.GitAccess;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what with an app, over real HTTP: its owner, a collaborator, a stranger and an admin,
 * across the app's endpoints, plus git's access check. A collaborator gets what the owner gets,
 * except destroy, rename, transfer and managing collaborators; a stranger gets nothing.
 */
class CollaboratorPermissionsTest {
    private static final String ADMIN = "admin-token-for-permission-tests";
    private static final TestDatabases databases = new TestDatabases();
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();
    private static Database db;
    private static ApiServer server;
    private static Authenticator authenticator;
    private static Services services;
    private static String owner;
    private static String collaborator;
    private static String stranger;

    @BeforeAll
    static void start() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN));
        Json json = new Json();
        authenticator = new Authenticator(services.accounts(), new AuthBackoff(AuthBackoff.Policy.defaults(),
                new TestClock()));
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://paas.test:5000",
                "http://%s:8080/"), authenticator, json);
        owner = newUser("owner@paas.test");
        collaborator = newUser("collab@paas.test");
        stranger = newUser("stranger@paas.test");
        newUser("dave@paas.test");
        assertThat(send("POST", "/apps", owner, "{\"name\":\"team-app\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> added = send("POST", "/apps/team-app/collaborators", owner,
                "{\"user\":\"collab@paas.test\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        db.close();
        databases.close();
    }

    private static String newUser(String email) throws Exception {
        return json(send("POST", "/users", ADMIN, "{\"email\":\"" + email + "\"}")).get("access_token").get("token")
                .asText();
    }

    private static HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return mapper.readTree(r.body());
    }

    private record Call(String method, String path, String body) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** What each of owner, collaborator, stranger and admin got from each call, as "CALL: o c s a". */
    private static List<String> matrix(List<Call> calls) throws Exception {
        List<String> rows = new ArrayList<>();
        for (Call call : calls) {
            List<Integer> got = new ArrayList<>();
            for (String token : List.of(owner, collaborator, stranger, ADMIN)) {
                got.add(send(call.method(), call.path(), token, call.body()).statusCode());
            }
            rows.add(call + ": " + got.stream().map(String::valueOf).reduce((a, b) -> a + " " + b).orElseThrow());
        }
        return rows;
    }

    @Test
    void membersWorkOnTheAppAndStrangersAreRefusedEverywhere() throws Exception {
        List<Call> calls = List.of(
                new Call("GET", "/apps/team-app", null),
                new Call("PATCH", "/apps/team-app", "{\"maintenance\":false}"),
                new Call("GET", "/apps/team-app/config-vars", null),
                new Call("PATCH", "/apps/team-app/config-vars", "{\"GREETING\":\"hi\"}"),
                new Call("GET", "/apps/team-app/releases", null),
                new Call("GET", "/apps/team-app/formation", null),
                new Call("GET", "/apps/team-app/builds", null),
                new Call("GET", "/apps/team-app/domains", null),
                new Call("GET", "/apps/team-app/log-drains", null),
                new Call("GET", "/apps/team-app/collaborators", null),
                new Call("GET", "/apps/team-app/collaborators/owner@paas.test", null));
        List<String> expected = new ArrayList<>();
        for (Call call : calls) {
            expected.add(call + ": 200 200 403 200");
        }
        assertThat(matrix(calls)).containsExactlyElementsOf(expected);

        // Each member adds, then removes, a domain and a drain of their own.
        int n = 0;
        for (String token : List.of(owner, collaborator, ADMIN)) {
            n++;
            assertThat(send("POST", "/apps/team-app/domains", token, "{\"hostname\":\"d" + n + ".team.example\"}")
                    .statusCode()).isEqualTo(201);
            assertThat(send("DELETE", "/apps/team-app/domains/d" + n + ".team.example", token, null).statusCode())
                    .isEqualTo(200);
            HttpResponse<String> drain = send("POST", "/apps/team-app/log-drains", token,
                    "{\"url\":\"syslog+tcp://127.0.0.1:" + (6000 + n) + "\"}");
            assertThat(drain.statusCode()).as(drain.body()).isEqualTo(201);
            assertThat(send("DELETE", "/apps/team-app/log-drains/" + json(drain).get("id").asText(), token, null)
                    .statusCode()).isEqualTo(200);
        }
        assertThat(send("POST", "/apps/team-app/domains", stranger, "{\"hostname\":\"s.team.example\"}").statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/apps/team-app/log-drains", stranger, "{\"url\":\"syslog+tcp://127.0.0.1:6009\"}")
                .statusCode()).isEqualTo(403);
    }

    @Test
    void onlyTheOwnerOrAnAdminRenamesTransfersDestroysOrManagesCollaborators() throws Exception {
        HttpResponse<String> refused = send("DELETE", "/apps/team-app", collaborator, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused).get("message").asText())
                .isEqualTo("only the owner of app team-app (owner@paas.test) or an admin may destroy it; you are a"
                        + " collaborator: ask them");
        for (String token : List.of(collaborator, stranger)) {
            assertThat(send("PATCH", "/apps/team-app", token, "{\"name\":\"taken-over\"}").statusCode()).isEqualTo(403);
            assertThat(send("POST", "/apps/team-app/collaborators", token, "{\"user\":\"dave@paas.test\"}").statusCode())
                    .isEqualTo(403);
            assertThat(send("POST", "/account/app-transfers", token,
                    "{\"app\":\"team-app\",\"recipient\":\"collab@paas.test\"}").statusCode()).isEqualTo(403);
            assertThat(send("DELETE", "/apps/team-app", token, null).statusCode()).isEqualTo(403);
        }
        assertThat(send("DELETE", "/apps/team-app/collaborators/collab@paas.test", stranger, null).statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/apps/team-app", owner, null).statusCode()).as("nothing above changed it").isEqualTo(200);

        // Owner and admin each add and remove a collaborator, and rename the app and back.
        for (String token : List.of(owner, ADMIN)) {
            assertThat(send("POST", "/apps/team-app/collaborators", token, "{\"user\":\"dave@paas.test\"}").statusCode())
                    .isEqualTo(201);
            assertThat(send("DELETE", "/apps/team-app/collaborators/dave@paas.test", token, null).statusCode())
                    .isEqualTo(200);
            assertThat(send("PATCH", "/apps/team-app", token, "{\"name\":\"renamed-app\"}").statusCode()).isEqualTo(200);
            assertThat(send("PATCH", "/apps/renamed-app", token, "{\"name\":\"team-app\"}").statusCode()).isEqualTo(200);
        }

        // A throwaway app: its owner destroys it, its collaborator could not.
        assertThat(send("POST", "/apps", owner, "{\"name\":\"doomed\"}").statusCode()).isEqualTo(201);
        send("POST", "/apps/doomed/collaborators", owner, "{\"user\":\"collab@paas.test\"}");
        assertThat(send("DELETE", "/apps/doomed", collaborator, null).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/apps/doomed", owner, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/apps/doomed", collaborator, null).statusCode()).isEqualTo(404);
    }

    @Test
    void collaboratorsHaveHerokusShapeAndTheAppsListShowsCollaboratedApps() throws Exception {
        JsonNode list = json(send("GET", "/apps/team-app/collaborators", collaborator, null));
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(first.get("role").asText()).isEqualTo("owner");
        assertThat(first.get("user").get("email").asText()).isEqualTo("owner@paas.test");
        JsonNode collab = list.get(1);
        assertThat(collab.get("role").asText()).isEqualTo("collaborator");
        assertThat(collab.get("app").get("name").asText()).isEqualTo("team-app");
        assertThat(collab.get("app").get("id").asText()).hasSize(36);
        assertThat(collab.get("user").get("id").asText()).hasSize(36);
        assertThat(collab.get("user").get("federated").asBoolean(true)).isFalse();
        assertThat(collab.get("permissions").isArray()).isTrue();
        assertThat(collab.get("created_at").asText()).endsWith("Z");
        assertThat(collab.get("updated_at").asText()).endsWith("Z");
        assertThat(json(send("GET", "/apps/team-app/collaborators/" + collab.get("id").asText(), owner, null))
                .get("user").get("email").asText()).isEqualTo("collab@paas.test");

        assertThat(json(send("GET", "/apps", collaborator, null)).findValuesAsText("name")).contains("team-app");
        assertThat(json(send("GET", "/apps", stranger, null)).findValuesAsText("name")).doesNotContain("team-app");

        HttpResponse<String> unknown = send("POST", "/apps/team-app/collaborators", owner,
                "{\"user\":\"nobody@paas.test\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("message").asText()).contains("paas users:create nobody@paas.test");
        assertThat(send("POST", "/apps/team-app/collaborators", owner, "{\"user\":\"collab@paas.test\"}").statusCode())
                .isEqualTo(409);
        assertThat(send("POST", "/apps/team-app/collaborators", owner, "{\"user\":\"owner@paas.test\"}").statusCode())
                .isEqualTo(409);
        assertThat(send("POST", "/apps/team-app/collaborators", owner, "{\"email\":\"x@paas.test\"}").statusCode())
                .isEqualTo(422);
    }

    @Test
    void anAppTransferIsDoneAtOnceInHerokusShape() throws Exception {
        assertThat(send("POST", "/apps", owner, "{\"name\":\"handed-over\"}").statusCode()).isEqualTo(201);
        send("POST", "/apps/handed-over/collaborators", owner, "{\"user\":\"collab@paas.test\"}");
        HttpResponse<String> r = send("POST", "/account/app-transfers", owner,
                "{\"app\":\"handed-over\",\"recipient\":\"collab@paas.test\",\"silent\":true}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode transfer = json(r);
        assertThat(transfer.get("state").asText()).isEqualTo("accepted");
        assertThat(transfer.get("app").get("name").asText()).isEqualTo("handed-over");
        assertThat(transfer.get("owner").get("email").asText()).isEqualTo("owner@paas.test");
        assertThat(transfer.get("recipient").get("email").asText()).isEqualTo("collab@paas.test");
        assertThat(json(send("GET", "/apps/handed-over", owner, null)).get("owner").get("email").asText())
                .isEqualTo("collab@paas.test");
        assertThat(send("DELETE", "/apps/handed-over", owner, null).statusCode()).as("the old owner is a collaborator now")
                .isEqualTo(403);
        assertThat(json(send("GET", "/account/app-transfers", owner, null))).isEmpty();
        assertThat(send("DELETE", "/apps/handed-over", collaborator, null).statusCode()).isEqualTo(200);
    }

    @Test
    void gitLetsMembersPushAndRefusesStrangers() {
        GitAccess git = new PlatformGitAccess(authenticator, services.apps());
        InetSocketAddress client = new InetSocketAddress("127.0.0.1", 40000);
        Map<String, GitAccess.Decision> got = new java.util.LinkedHashMap<>();
        for (var who : Map.of("owner", owner, "collaborator", collaborator, "stranger", stranger, "admin", ADMIN)
                .entrySet()) {
            got.put(who.getKey(), git.check("team-app", "Bearer " + who.getValue(), client, true).decision());
        }
        assertThat(got).containsExactlyInAnyOrderEntriesOf(Map.of("owner", GitAccess.Decision.ALLOWED,
                "collaborator", GitAccess.Decision.ALLOWED, "stranger", GitAccess.Decision.FORBIDDEN,
                "admin", GitAccess.Decision.ALLOWED));
    }
}
