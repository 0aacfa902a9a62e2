package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Routing through restarts, as a client sees it: an app whose web dynos take seconds to boot,
 * three of them, under concurrent keep-alive requests through the router. {@code ps:restart}
 * replaces every container without a failed request (new dynos answer before the old ones leave
 * the route); a {@code docker kill} of one web container costs at most the requests in flight,
 * and its backend leaves the route from the runtime's exit event, not a later reconciler pass.
 * Real bin/paasd, real git push, real Docker engine.
 */
class RollingRestartIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final String APP = "rolling";
    private static final int CLIENTS = 4;

    @Test
    void restartIsRollingAndAKilledDynoLeavesTheRouteAtOnce() throws Exception {
        long testStarted = System.nanoTime();
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            fixture.env.put("PAAS_STOP_GRACE_SECONDS", "3");
            PaasdProcess paasd = fixture.startPaasd();
            try {
                PaasCli paas = fixture.cli(paasd);
                assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN).exitCode()).isZero();
                // Boots in a few seconds, as real apps do: a restart that is not rolling shows as failures.
                SampleApp.commit(fixture, "web: sleep 3 && exec python3 server.py\n");
                assertThat(paas.run("apps:create", APP).exitCode()).isZero();
                // Scaled ahead of the first deploy (allowed before it declares types): the three boot together.
                assertThat(paas.run("scale", "web=3").exitCode()).isZero();
                PlatformFixture.GitRun push = fixture.git(fixture.workDir, "push", "paas", "main");
                assertThat(push.output()).contains("released v2");
                await("three web dynos routed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .until(() -> backends(fixture).size() == 3);
                Map<String, String> before = webContainers(fixture);
                assertThat(before).hasSize(3);

                try (KeepAliveLoad load = new KeepAliveLoad(fixture.routerPort(), APP, CLIENTS)) {
                    await().atMost(Duration.ofSeconds(20)).until(() -> load.servedBy.size() > 20);

                    // (a) ps:restart: every container is replaced, no request fails.
                    // What a router sees meanwhile: the book read every 20 ms.
                    List<Integer> routed = new java.util.concurrent.CopyOnWriteArrayList<>();
                    java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
                    Thread watcher = Thread.ofVirtual().start(() -> {
                        while (watching.get()) {
                            try {
                                routed.add(backends(fixture).size());
                                Thread.sleep(20);
                            } catch (Exception e) {
                                return;
                            }
                        }
                    });
                    load.resetSlowest();
                    long restartAt = System.nanoTime();
                    PaasCli.Result restart = paas.run("ps:restart");
                    assertThat(restart.exitCode()).as(restart.toString()).isZero();
                    await("every web container replaced and the old ones gone").atMost(Duration.ofSeconds(40))
                            .pollInterval(Duration.ofMillis(200)).until(() -> {
                                Map<String, String> now = webContainers(fixture);
                                return now.size() == 3 && now.keySet().stream().noneMatch(before::containsKey);
                            });
                    long restartMs = (System.nanoTime() - restartAt) / 1_000_000;
                    Map<String, String> after = webContainers(fixture);
                    assertThat(new HashSet<>(after.values())).containsExactlyInAnyOrder("web.1", "web.2", "web.3");
                    await("the new dynos are routed").atMost(Duration.ofSeconds(10))
                            .until(() -> backends(fixture).size() == 3);
                    watching.set(false);
                    watcher.join();
                    long slowestDuringRestart = load.slowestMs.get();
                    int servedDuringRestart = load.servedBy.size();
                    assertThat(routed).as("a router always had three web dynos to send to: the new ones joined"
                            + " before the old ones left (never an empty route that holds requests while they boot)")
                            .hasSizeGreaterThan(10).containsOnly(3);
                    assertThat(load.failures).as("requests failed during ps:restart (%s); paasd said:%n%s", load,
                            String.join("\n", paasd.output())).isEmpty();

                    // (b) SIGKILL of one web container: its backend leaves the route on the runtime's exit
                    // event, and no request sent after that fails.
                    Map.Entry<String, String> victim = after.entrySet().stream()
                            .filter(e -> e.getValue().equals("web.2")).findFirst().orElseThrow();
                    String victimBackend = backends(fixture).get("web.2");
                    long killAt = System.nanoTime();
                    PlatformFixture.docker("kill", victim.getKey());
                    await("web.2 out of the route book").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                            .until(() -> !victimBackend.equals(backends(fixture).get("web.2")));
                    long droppedAt = System.nanoTime();
                    int sentAtDrop = load.sent.get();
                    await("the load goes on past the drop").atMost(Duration.ofSeconds(20))
                            .until(() -> load.sent.get() > sentAtDrop + 100);
                    load.close();
                    List<KeepAliveLoad.Failure> afterKill = load.failuresSince(killAt);
                    Map<String, Long> routerErrors = paas.run("logs", "--source", "router", "-n", "1500").stdout().lines()
                            .filter(l -> l.contains("at=error")).map(l -> l.replaceAll(".*code=(H[0-9]+).*", "$1"))
                            .collect(java.util.stream.Collectors.groupingBy(c -> c, TreeMap::new, java.util.stream.Collectors.counting()));
                    System.out.printf("rolling restart: %s; router errors %s; ps:restart replaced 3 web dynos in %d ms, %d requests"
                                    + " answered, 0 failed, slowest %d ms; docker kill of web.2: out of the route book %d ms after the"
                                    + " kill command started, %d requests failed (%d client threads), the last %d ms"
                                    + " after the kill; test took %d ms%n", load, routerErrors, restartMs, servedDuringRestart, slowestDuringRestart,
                            (droppedAt - killAt) / 1_000_000, afterKill.size(), CLIENTS,
                            afterKill.stream().mapToLong(f -> (f.atNanos() - killAt) / 1_000_000).max().orElse(0),
                            (System.nanoTime() - testStarted) / 1_000_000);
                    assertThat(paasd.output()).as("the runtime's exit event took web.2 out of the route")
                            .anyMatch(l -> l.contains(APP + " web.2 exited: out of the route at once"));
                    assertThat(afterKill).as("no request sent after web.2 left the route failed")
                            .allMatch(f -> f.sentNanos() - droppedAt < 0);
                    // Before the engine reports the death (a few hundred ms in which the published port
                    // still accepts and then closes), the router quarantines the dyno and resends these
                    // bodiless GETs to another: only the requests in flight at the kill may fail.
                    assertThat(afterKill).as("requests failed after the kill, with %d client threads", CLIENTS)
                            .hasSizeLessThanOrEqualTo(CLIENTS);
                }
            } finally {
                paasd.close();
            }
        }
    }

    /** The app's running web containers, container id to dyno name. */
    private static Map<String, String> webContainers(PlatformFixture fixture) throws Exception {
        String out = PlatformFixture.docker("ps", "--no-trunc", "--format", "{{.ID}} {{.Label \"paas.dyno\"}}",
                "--filter", "label=paas.platform=" + fixture.platformLabel(), "--filter", "label=paas.app=" + APP,
                "--filter", "label=paas.type=web");
        Map<String, String> byId = new TreeMap<>();
        out.lines().filter(l -> !l.isBlank()).forEach(l -> byId.put(l.split(" ")[0], l.split(" ")[1]));
        return byId;
    }

    /** The app's backends in paasd's route book, dyno name to host:port, read as routers read it. */
    private static Map<String, String> backends(PlatformFixture fixture) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + fixture.env.get("PAAS_API_PORT") + "/router/routes?after=0"))
                    .header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Map<String, String> found = new TreeMap<>();
            Set<String> seen = new HashSet<>();
            for (JsonNode route : mapper.readTree(r.body()).path("routes")) {
                if (route.path("app").asText().equals(APP)) {
                    for (JsonNode b : route.path("backends")) {
                        String address = b.path("host").asText() + ":" + b.path("port").asText();
                        if (seen.add(address)) {
                            found.merge(b.path("dyno").asText(), address, (x, y) -> x + "," + y);
                        }
                    }
                }
            }
            return found;
        }
    }
}
