package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.it.WebTraffic.Response;
import paas.api.it.WebTraffic.SteadyLoad;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A pushed app running as the platform runs it: real paasd, real git push, real Docker engine,
 * real HTTP through the router. Scales, spreads requests, deploys config changes without a
 * failed request, shows its logs (dyno output, router lines, platform events) and drains them
 * to a syslog receiver, runs one-off dynos with their exit code, serves maintenance mode, and
 * keeps its dynos (same containers) across a SIGKILL of paasd.
 */
class RunningAppsIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final String APP = "runner";

    @Test
    void aPushedAppScalesServesLogsAndSurvivesAPaasdRestart() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            fixture.env.put("PAAS_STOP_GRACE_SECONDS", "3");
            fixture.env.put("PAAS_ALLOW_LOCAL_DRAINS", "true");
            PaasdProcess paasd = fixture.startPaasd();
            try {
                assertThat(paasd.output().stream().anyMatch(l -> l.contains("runtime=docker"))).as(paasd.output().toString()).isTrue();
                PaasCli paas = fixture.cli(paasd);
                assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN).exitCode()).isZero();
                pushApp(fixture, paas);
                // The push is done, but web.1 may still be booting: the router holds the request until
                // it is up (H20 only after 75 s) instead of answering H10 at once.
                Response first = get(fixture, "/");
                assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
                assertThat(first.body()).startsWith("web.1 ");

                // Scale 1 -> 3: requests reach all three web dynos through the router.
                assertThat(paas.run("scale", "web=3", "worker=1").exitCode()).isZero();
                awaitDynosUp(paas, 4);
                Set<String> seen = ConcurrentHashMap.newKeySet();
                for (int i = 0; i < 60 && seen.size() < 3; i++) {
                    Response r = get(fixture, "/");
                    assertThat(r.statusCode()).isEqualTo(200);
                    seen.add(r.body().split(" ")[0]);
                }
                assertThat(seen).containsExactlyInAnyOrder("web.1", "web.2", "web.3");
                assertThat(paas.run("ps").stdout()).contains("=== web").contains("web.3: up").contains("=== worker");
                // Platform events are checked as they happen: the app's log keeps its last 1500 lines, and the
                // steady load below writes two lines per request, so early events leave the buffer on a slow host.
                awaitInLog(paas, "paas", "paas[api]: Scaled to web@3:standard-1x worker@1:standard-1x by user",
                        "paas[web.2]: State changed from starting to up");
                assertASecondRouterProcessServesTheSameRoutes(fixture, paas);

                // A config change deploys without a failed request.
                SteadyLoad configLoad = new SteadyLoad(fixture.routerPort(), APP);
                assertThat(paas.run("config:set", "GREETING=hola").exitCode()).isZero();
                awaitInLog(paas, "paas", "paas[api]: Set GREETING config vars by user");
                await().atMost(Duration.ofSeconds(90)).until(() -> configLoad.bodies.stream().anyMatch(b -> b.endsWith("hola"))
                        && allOnRelease(paas, 3));
                // The load goes on until v2's dynos have left the route table and stopped.
                awaitReleaseGone(fixture, 2);
                configLoad.stop();
                assertThat(configLoad.failures).as("requests failed during the deploy of v3").isEmpty();
                Set<String> greetings = new HashSet<>();
                configLoad.bodies.forEach(b -> greetings.add(b.split(" ", 2)[1]));
                assertThat(greetings).contains("none", "hola");

                // Release phase: a failing release command keeps v3 live; a passing one releases.
                Path repo = fixture.workDir;
                Files.writeString(repo.resolve("Procfile"), "web: python3 server.py\nworker: sleep infinity\n"
                        + "release: echo migrating $GREETING; exit 4\n");
                fixture.git(repo, "commit", "-q", "-am", "release phase that fails");
                PlatformFixture.GitRun failed = fixture.git(repo, "push", "paas", "main");
                assertThat(failed.exitCode()).as(failed.output()).isNotZero();
                assertThat(failed.output()).contains("Running release command").contains("migrating hola")
                        .contains("Release command failed").contains("(release phase failed)");
                assertThat(mapper.readTree(paas.run("releases:info", "v4", "--json").stdout()).get("status").asText())
                        .isEqualTo("failed");
                assertThat(get(fixture, "/").body()).contains("hola");
                assertThat(allOnRelease(paas, 3)).isTrue();
                awaitInLog(paas, "paas", "paas[api]: Release v4 failed");
                // Its output, by output_stream_url: a signed link that opens with no token, as Heroku's CLI opens it.
                String outputUrl = mapper.readTree(paas.run("releases:info", "v4", "--json").stdout())
                        .get("output_stream_url").asText();
                java.net.http.HttpResponse<String> output = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(outputUrl)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(output.statusCode()).as(outputUrl + " " + output.body()).isEqualTo(200);
                assertThat(output.body()).isEqualTo("migrating hola\n");
                assertThat(paas.run("releases:output", "v4").stdout()).isEqualTo("migrating hola\n");
                awaitInLog(paas, "build", "build[build]: -----> Building", "build[build]: -----> Running release command");
                Files.writeString(repo.resolve("Procfile"), "web: python3 server.py\nworker: sleep infinity\n"
                        + "release: echo migrated\n");
                fixture.git(repo, "commit", "-q", "-am", "release phase that passes");
                SteadyLoad pushLoad = new SteadyLoad(fixture.routerPort(), APP);
                PlatformFixture.GitRun passed = fixture.git(repo, "push", "paas", "main");
                assertThat(passed.exitCode()).as(passed.output()).isZero();
                assertThat(passed.output()).contains("migrated").contains("Release command succeeded").contains("released v5");
                await().atMost(Duration.ofSeconds(90)).until(() -> allOnRelease(paas, 5));
                awaitReleaseGone(fixture, 3);
                pushLoad.stop();
                assertThat(pushLoad.failures).as("requests failed during the push of v5").isEmpty();
                assertThat(pushLoad.bodies.size()).as("the load ran throughout").isGreaterThan(50);

                // Logs: dyno output, router lines and platform events in one stream.
                String logs = paas.run("logs", "-n", "1500").stdout();
                assertThat(logs).containsPattern("app\\[web\\.[123]\\]: GET /")
                        .contains("router[router]: at=info method=GET path=\"/\" host=" + APP + ".localhost");
                assertThat(paas.run("logs", "--source", "paas", "-n", "1500").stdout()).doesNotContain("router[");

                // Another user's token reads nothing of this app's logs.
                PaasCli.Result bob = paas.run("users:create", "bob@paas.test", "--json");
                assertThat(bob.exitCode()).as(bob.toString()).isZero();
                String bobToken = mapper.readTree(bob.stdout()).get("access_token").get("token").asText();
                PaasCli.Result refused = paas.withEnv("PAAS_API_TOKEN", bobToken).run("logs", "-a", APP);
                assertThat(refused.exitCode()).isEqualTo(1);
                assertThat(refused.stderr()).contains("you do not have access to app " + APP);
                assertThat(refused.stdout()).isEmpty();
                assertThat(paas.run("logs", "--source", "router", "-n", "5").stdout().lines())
                        .hasSize(5).allMatch(l -> l.contains("router[router]: at=info"));
                assertTailSeesNewLines(fixture, paas);

                // A syslog drain receives the stream, octet-counted, with its token.
                try (ServerSocket receiver = new ServerSocket(0)) {
                    PaasCli.Result added = paas.run("drains:add", "syslog+tcp://127.0.0.1:" + receiver.getLocalPort());
                    assertThat(added.exitCode()).as(added.toString()).isZero();
                    String token = mapper.readTree(paas.run("drains", "--json").stdout()).get(0).get("token").asText();
                    receiver.setSoTimeout(30_000);
                    get(fixture, "/drained"); // a drain connects when it has lines to send
                    try (Socket s = receiver.accept()) {
                        String message = readUntil(new DataInputStream(s.getInputStream()), "path=\"/drained\"",
                                "- - GET /drained");
                        assertThat(message).contains("<190>1 ").contains(" " + token + " router router - - at=info method=GET")
                                .contains(" " + token + " app web.");
                    }
                    // Removed by its URL, the form docs/cli.md shows.
                    PaasCli.Result removed = paas.run("drains:remove", "syslog+tcp://127.0.0.1:" + receiver.getLocalPort());
                    assertThat(removed.exitCode()).as(removed.toString()).isZero();
                    assertThat(mapper.readTree(paas.run("drains", "--json").stdout())).isEmpty();
                }

                // What a Heroku user types is refused where it would break the app, and changes nothing.
                PaasCli.Result unknownType = paas.run("ps:restart", "clock");
                assertThat(unknownType.exitCode()).as(unknownType.toString()).isEqualTo(1);
                assertThat(unknownType.stderr()).contains("app " + APP + " has no process type clock: its process types"
                        + " are web, worker");
                PaasCli.Result slugless = paas.run("rollback", "v1");
                assertThat(slugless.exitCode()).as(slugless.toString()).isEqualTo(1);
                assertThat(slugless.stderr()).contains("release v1 has no slug");
                assertThat(allOnRelease(paas, 5)).isTrue();
                // The formation as scale prints it (Heroku's size names) scales when typed back.
                String formation = paas.run("scale").stdout().strip();
                assertThat(formation).contains("web=3:Standard-1X").contains("worker=1:Standard-1X");
                List<String> typedBack = new ArrayList<>(List.of("scale"));
                typedBack.addAll(List.of(formation.split(" ")));
                PaasCli.Result rescaled = paas.run(typedBack.toArray(String[]::new));
                assertThat(rescaled.exitCode()).as(rescaled.toString()).isZero();
                assertThat(rescaled.stderr()).contains("web at 3:Standard-1X, worker at 1:Standard-1X");

                // One-off dynos: the exit status is the CLI's, the output comes back.
                PaasCli.Result three = paas.run("run", "exit 3");
                assertThat(three.exitCode()).as(three.toString()).isEqualTo(3);
                PaasCli.Result echo = paas.runWithInput("from stdin\n", "run", "cat; echo \"$DYNO\" $GREETING");
                assertThat(echo.exitCode()).as(echo.toString()).isZero();
                assertThat(echo.stdout()).contains("from stdin").containsPattern("run\\.[0-9]+ hola");
                assertOneOffsAreFollowedByTheirName(paasd, paas);

                assertInteractiveShellInTmux(fixture);

                // Maintenance mode answers H80 without touching a dyno.
                assertThat(paas.run("maintenance:on").exitCode()).isZero();
                await().atMost(Duration.ofSeconds(10)).until(() -> get(fixture, "/").statusCode() == 503);
                assertThat(paas.run("maintenance:off").exitCode()).isZero();
                await().atMost(Duration.ofSeconds(10)).until(() -> get(fixture, "/").statusCode() == 200);

                // SIGKILL of paasd: the dynos keep running and are adopted, same containers, no duplicates.
                List<String> before = containerIds(fixture);
                assertThat(before).hasSize(4);
                paasd.kill();
                paasd = fixture.startPaasd();
                PaasCli again = fixture.cli(paasd);
                PaasdProcess restarted = paasd;
                await().atMost(Duration.ofSeconds(30)).until(() -> get(fixture, "/").statusCode() == 200);
                assertThat(restarted.output().stream().filter(l -> l.contains("adopted")).count()).isEqualTo(4);
                // Over several reconciler passes, no dyno is started again or removed.
                await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> new HashSet<>(containerIds(fixture)).equals(new HashSet<>(before)));
                assertThat(containerIds(fixture)).as("the restarted paasd said:%n%s%nits formation:%n%s",
                                String.join("\n", restarted.output()), again.run("ps:scale").stdout())
                        .containsExactlyInAnyOrderElementsOf(before);
                awaitDynosUp(again, 4);

                assertThat(again.run("apps:destroy", "--confirm", APP).exitCode()).isZero();
                await().atMost(Duration.ofSeconds(60)).until(() -> containerIds(fixture).isEmpty());
                await("release images and the app network go with the app").atMost(Duration.ofSeconds(30))
                        .until(() -> PlatformFixture.docker("images", "-q", "--filter", "label=paas.app=" + APP).isBlank()
                                && PlatformFixture.docker("network", "ls", "-q", "--filter", "name=paas-app-" + APP).isBlank());
            } finally {
                paasd.close();
            }
        }
    }

    private void pushApp(PlatformFixture fixture, PaasCli paas) throws Exception {
        Path repo = SampleApp.commit(fixture, "web: python3 server.py\nworker: sleep infinity\n");
        assertThat(paas.run("apps:create", APP).exitCode()).isZero();
        PaasCli.Result tooEarly = paas.run("run", "ls");
        assertThat(tooEarly.exitCode()).isEqualTo(1);
        assertThat(tooEarly.stderr()).contains("has no release to run yet");
        PlatformFixture.GitRun push = fixture.git(repo, "push", "paas", "main");
        assertThat(push.exitCode()).as(push.output()).isZero();
        assertThat(push.output()).contains("released v2");
    }

    private void assertTailSeesNewLines(PlatformFixture fixture, PaasCli paas) throws Exception {
        List<String> command = List.of(PaasdProcess.ROOT.resolve("bin/paas").toString(), "logs", "--tail", "-n", "1",
                "-a", APP);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PAAS_"));
        pb.environment().put("HOME", fixture.home.toString());
        pb.environment().put("PAAS_API_URL", "http://localhost:" + fixture.env.get("PAAS_API_PORT"));
        pb.environment().put("NO_COLOR", "1");
        Process tail = pb.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(tail.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // tail killed
            }
        });
        try {
            // The tail is open once it printed the line it was asked for.
            await().atMost(Duration.ofSeconds(30)).until(() -> !lines.isEmpty());
            assertThat(paas.run("scale", "worker=2").exitCode()).isZero();
            assertThat(paas.run("scale", "worker=1").exitCode()).isZero();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
                get(fixture, "/tailed");
                synchronized (lines) {
                    return lines.stream().anyMatch(l -> l.contains("router[router]") && l.contains("path=\"/tailed\""))
                            && lines.stream().anyMatch(l -> l.contains("app[web.") && l.contains("GET /tailed"))
                            && lines.stream().anyMatch(l -> l.contains("paas[api]: Scaled to worker@2:standard-1x"))
                            && lines.stream().anyMatch(l -> l.contains("paas[worker.2]: State changed from starting to up"));
                }
            });
        } finally {
            tail.toHandle().destroy();
            tail.waitFor(10, TimeUnit.SECONDS);
            reader.join(5000);
        }
    }

    /**
     * {@code paasd router}: a router process of its own, fed by the platform's route state,
     * reaches the same web dynos and hands its log lines back to the app's stream.
     */
    private void assertASecondRouterProcessServesTheSameRoutes(PlatformFixture fixture, PaasCli paas) throws Exception {
        int port = PaasdProcess.freePort();
        SeparateRouter router = SeparateRouter.start(fixture, port);
        try {
            Set<String> seen = ConcurrentHashMap.newKeySet();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                try {
                    Response r = get(port, "/second-router");
                    if (r.statusCode() == 200) {
                        seen.add(r.body().split(" ")[0]);
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                return seen.size() == 3;
            });
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    paas.run("logs", "--source", "router", "-n", "200").stdout().contains("path=\"/second-router\""));
            // Not an admin: the route state stays private.
            PaasCli.Result bob = paas.run("users:create", "carol@paas.test", "--json");
            String carol = mapper.readTree(bob.stdout()).get("access_token").get("token").asText();
            try (Socket s = new Socket("127.0.0.1", Integer.parseInt(fixture.env.get("PAAS_API_PORT")))) {
                s.getOutputStream().write(("GET /router/routes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + carol
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 403");
            }
        } finally {
            router.close();
        }
        assertThat(router.output()).contains("router listening on").contains("router stopped");
    }

    /** {@code paas run bash} on a real terminal (tmux): a usable shell, and its exit status comes back. */
    private void assertInteractiveShellInTmux(PlatformFixture fixture) throws Exception {
        String session = "paas-it-" + ProcessHandle.current().pid();
        Path status = fixture.workDir.resolve("run-status");
        String command = "env -u PAAS_APP HOME=" + fixture.home + " PAAS_API_URL=http://localhost:"
                + fixture.env.get("PAAS_API_PORT") + " " + PaasdProcess.ROOT.resolve("bin/paas") + " run -a " + APP + " bash"
                + "; echo EXIT=$? > " + status + "; sleep 60";
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "30", command);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> tmux("capture-pane", "-p", "-t", session).contains("$"));
            tmux("send-keys", "-t", session, "echo $((6*7)) $DYNO", "Enter");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .until(() -> tmux("capture-pane", "-p", "-t", session).matches("(?s).*42 run\\.[0-9]+.*"));
            // The dyno's terminal has the pane's size from the start, and follows it when the window is resized.
            String pane = tmux("display-message", "-p", "-t", session, "#{pane_height} #{pane_width}").strip();
            tmux("send-keys", "-t", session, "echo size=$(stty size) env=$LINES/$COLUMNS", "Enter");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .untilAsserted(() -> assertThat(tmux("capture-pane", "-p", "-t", session))
                            .contains("size=" + pane + " env=" + pane.replace(' ', '/')));
            tmux("resize-window", "-t", session, "-x", "100", "-y", "20");
            String resized = tmux("display-message", "-p", "-t", session, "#{pane_height} #{pane_width}").strip();
            assertThat(resized).isNotEqualTo(pane);
            // The resize travels (SIGWINCH, a RESIZE frame, the engine) while the keys are typed: wait up to 10 s for it.
            tmux("send-keys", "-t", session, "for i in $(seq 100); do [ \"$(stty size)\" = '" + resized
                    + "' ] && break; sleep 0.1; done; clear; echo resized=$(stty size)", "Enter");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300))
                    .untilAsserted(() -> assertThat(tmux("capture-pane", "-p", "-t", session)).contains("resized=" + resized));
            tmux("send-keys", "-t", session, "exit 7", "Enter");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> Files.exists(status) && Files.readString(status).contains("EXIT="));
            assertThat(Files.readString(status).strip()).as(tmux("capture-pane", "-p", "-t", session)).isEqualTo("EXIT=7");
        } finally {
            tmux("kill-session", "-t", session);
        }
    }

    private static String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    /** Reads octet-counted syslog messages until every fragment was seen. */
    private static String readUntil(DataInputStream in, String... fragments) throws IOException {
        StringBuilder all = new StringBuilder();
        while (!java.util.Arrays.stream(fragments).allMatch(f -> all.toString().contains(f))) {
            // RFC 6587 octet counting: "LEN SP MSG"
            StringBuilder len = new StringBuilder();
            for (int c; (c = in.read()) != ' '; ) {
                if (c < 0) {
                    throw new IOException("drain closed; got " + all);
                }
                assertThat((char) c).as("octet count digit").isBetween('0', '9');
                len.append((char) c);
            }
            byte[] msg = new byte[Integer.parseInt(len.toString())];
            in.readFully(msg);
            String text = new String(msg, StandardCharsets.UTF_8);
            assertThat(text).startsWith("<");
            all.append(text).append('\n');
        }
        return all.toString();
    }

    private static Response get(PlatformFixture fixture, String path) throws IOException {
        return WebTraffic.get(fixture.routerPort(), APP, path);
    }

    private static Response get(int routerPort, String path) throws IOException {
        return WebTraffic.get(routerPort, APP, path);
    }

    /**
     * Clients create a one-off, then follow it by the name in the answer: one waiting for its
     * client is listed at once; one created with {@code attach: false} (run:detached) runs now,
     * its output in the app's log.
     */
    private static void assertOneOffsAreFollowedByTheirName(PaasdProcess paasd, PaasCli paas) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.util.function.Function<String, java.net.http.HttpRequest.Builder> api = path -> java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(paasd.apiUrl() + path))
                .header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN);
        java.net.http.HttpResponse<String> waiting = http.send(api.apply("/apps/" + APP + "/dynos")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"command\":\"true\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(201);
        JsonNode created = mapper.readTree(waiting.body());
        java.net.http.HttpResponse<String> followed = http.send(api.apply("/apps/" + APP + "/dynos/"
                + created.get("name").asText()).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).as(followed.body()).isEqualTo(200);
        assertThat(mapper.readTree(followed.body()).get("id")).isEqualTo(created.get("id"));
        assertThat(mapper.readTree(followed.body()).get("state").asText()).isEqualTo("starting");

        java.net.http.HttpResponse<String> detached = http.send(api.apply("/apps/" + APP + "/dynos")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"command\":\"echo detached-$DYNO; sleep 2\",\"attach\":false}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(detached.statusCode()).as(detached.body()).isEqualTo(201);
        JsonNode started = mapper.readTree(detached.body());
        assertThat(started.get("attach_url").isNull()).isTrue();
        assertThat(started.get("release").get("id").asText()).matches("[0-9a-f-]{36}");
        String name = started.get("name").asText();
        awaitInLog(paas, "app", "app[" + name + "]: detached-" + name);
    }

    /** Waits for lines of one source to reach the app's log; the log router delivers them asynchronously. */
    private static void awaitInLog(PaasCli paas, String source, String... lines) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(paas.run("logs", "--source", source, "-n", "1500").stdout()).contains(lines));
    }

    private static void awaitDynosUp(PaasCli paas, int count) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            JsonNode dynos = mapper.readTree(paas.run("ps", "--json").stdout());
            int up = 0;
            for (JsonNode d : dynos) {
                up += d.get("state").asText().equals("up") ? 1 : 0;
            }
            return up == count && dynos.size() == count;
        });
    }

    private static boolean allOnRelease(PaasCli paas, int version) throws Exception {
        JsonNode dynos = mapper.readTree(paas.run("ps", "--json").stdout());
        Set<Integer> versions = new HashSet<>();
        dynos.forEach(d -> versions.add(d.get("release").get("version").asInt()));
        return versions.equals(Set.of(version)) && dynos.size() == 4;
    }

    /** Waits until no container of release {@code version} of the app runs any more. */
    private static void awaitReleaseGone(PlatformFixture fixture, int version) {
        await().atMost(Duration.ofSeconds(60)).until(() -> PlatformFixture.docker("ps", "-q", "--filter",
                "label=paas.platform=" + fixture.platformLabel(), "--filter", "label=paas.app=" + APP,
                "--filter", "label=paas.release=" + version).isBlank());
    }

    private static List<String> containerIds(PlatformFixture fixture) throws Exception {
        String out = PlatformFixture.docker("ps", "-q", "--no-trunc", "--filter", "label=paas.platform=" + fixture.platformLabel(),
                "--filter", "label=paas.app=" + APP);
        return out.lines().filter(l -> !l.isBlank()).toList();
    }
}
