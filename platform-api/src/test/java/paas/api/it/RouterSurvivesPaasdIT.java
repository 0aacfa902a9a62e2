package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.it.WebTraffic.SteadyLoad;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The installed shape of the platform: paasd with {@code PAAS_ROUTER=off} and a separate
 * {@code paasd router} serving the apps. A {@code kill -9} of paasd and its restart cost no request
 * to a running app (real bin/paasd, real git push, real Docker engine, real HTTP through the
 * router), and the restarted paasd's route changes reach the router although it counts its route
 * versions from the start again.
 */
class RouterSurvivesPaasdIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final String APP = "steady";
    private static final Pattern GENERATION = Pattern.compile("routes of platform generation ([a-z0-9]+)");

    @Test
    void aSeparateRouterServesThroughAKillOfPaasdAndFollowsTheRestartedOne() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            fixture.env.put("PAAS_ROUTER", "off");
            fixture.env.put("PAAS_STOP_GRACE_SECONDS", "3");
            PaasdProcess paasd = fixture.startPaasd();
            try (SeparateRouter router = SeparateRouter.start(fixture, fixture.routerPort())) {
                assertThat(paasd.output()).anyMatch(l -> l.contains("router=off"));
                PaasCli paas = fixture.cli(paasd);
                assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN).exitCode()).isZero();
                SampleApp.commit(fixture, "web: python3 server.py\n");
                assertThat(paas.run("apps:create", APP).exitCode()).isZero();
                PlatformFixture.GitRun push = fixture.git(fixture.workDir, "push", "paas", "main");
                assertThat(push.output()).contains("released v2");
                // web.1 may still be booting: the router holds the request until it is up.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> WebTraffic.get(router.port, APP, "/").body().startsWith("web.1 "));

                SteadyLoad load = new SteadyLoad(router.port, APP);
                try {
                    Thread.sleep(1000);
                    paasd.kill();
                    // As a router sees it: the first route state the restarted paasd gives out.
                    CompletableFuture<JsonNode> firstAnswer = CompletableFuture.supplyAsync(() -> firstRoutes(fixture));
                    Thread.sleep(1000); // requests while no paasd runs at all
                    paasd = fixture.startPaasd();
                    PaasdProcess restarted = paasd;
                    assertThat(restarted.awaitLine("first full sync done", Duration.ofSeconds(60)))
                            .as("the restarted paasd said:%n%s", String.join("\n", restarted.output())).isTrue();
                    assertThat(restarted.output()).anyMatch(l -> l.contains("adopted " + APP + " web.1"));
                    assertThat(backends(firstAnswer.get(60, TimeUnit.SECONDS))).as("the first routes of the restarted"
                            + " paasd already have the running dyno, never an empty set while it adopts")
                            .containsExactly("web.1");
                    await("the router follows the restarted paasd").atMost(Duration.ofSeconds(10))
                            .until(() -> generations(router.output()).size() == 2);

                    // A route change made by the restarted paasd reaches the router.
                    assertThat(fixture.cli(restarted).run("scale", "web=2").exitCode()).isZero();
                    await("web.2 in the restarted paasd's route book").atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(50)).until(() -> bookHas(fixture, "web.2"));
                    long inBook = System.nanoTime();
                    await("web.2 served by the separate router").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(20)).until(() -> load.bodies.stream().anyMatch(b -> b.startsWith("web.2 ")));
                    long lagMs = (System.nanoTime() - inBook) / 1_000_000;
                    Thread.sleep(500);
                    load.stop();
                    System.out.printf("router across kill -9 and restart of paasd: %s; web.2 reached the router %d ms"
                            + " after the route book%n", load, lagMs);
                    assertThat(load.failures).as("failed requests (%s); the router said:%n%s", load, router.output())
                            .isEmpty();
                    assertThat(load.sent.get()).as("the load ran throughout").isGreaterThan(100);
                    assertThat(lagMs).as("a route change of the restarted paasd reaches the router within seconds,"
                            + " not after a long poll of 25 s").isLessThan(5_000);
                } finally {
                    load.stop();
                }
            } finally {
                paasd.close();
            }
        }
    }

    /** The platform generations the router followed, from its log. */
    private static Set<String> generations(String routerLog) {
        Set<String> seen = new HashSet<>();
        Matcher m = GENERATION.matcher(routerLog);
        while (m.find()) {
            seen.add(m.group(1));
        }
        return seen;
    }

    /** Whether paasd's route book routes the app to {@code dyno}, read as routers read it. */
    private static boolean bookHas(PlatformFixture fixture, String dyno) throws Exception {
        HttpResponse<String> r = routes(fixture);
        return r.statusCode() == 200 && backends(mapper.readTree(r.body())).contains(dyno);
    }

    /** The first 200 answer of {@code GET /router/routes}, asking every 20 ms while paasd is away. */
    private static JsonNode firstRoutes(PlatformFixture fixture) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = routes(fixture);
                if (r.statusCode() == 200) {
                    return mapper.readTree(r.body());
                }
            } catch (Exception away) {
                // refused or reset: paasd is not back yet
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no route state from the restarted paasd in 60 s");
    }

    private static HttpResponse<String> routes(PlatformFixture fixture) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.env.get("PAAS_API_PORT")
                            + "/router/routes?after=0")).header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The app's backends (dyno names) in a route state. */
    private static List<String> backends(JsonNode routes) {
        List<String> dynos = new ArrayList<>();
        for (JsonNode route : routes.path("routes")) {
            if (route.path("app").asText().equals(APP)) {
                route.path("backends").forEach(b -> dynos.add(b.path("dyno").asText()));
            }
        }
        return dynos;
    }
}
