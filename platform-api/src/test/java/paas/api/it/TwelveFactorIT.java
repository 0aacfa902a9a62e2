package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static paas.api.it.EndToEndPlatform.docker;
import static paas.api.it.EndToEndPlatform.ok;

/**
 * What the platform offers an app for each of the twelve factors (12factor.net), one test per
 * factor and named after it, on one pushed app: the fixture Node app (web and worker, a vendored
 * dependency, an admin script) with a Redis add-on, driven through the real bin/paas, git and
 * router. The tests run in order on that app; each says in its display name the property it checks.
 */
@ExtendWith(EndToEndPlatform.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwelveFactorIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final String APP = "factors";

    private EndToEndPlatform platform;
    private Path repo;
    private PaasCli paas;
    private String pushOutput;
    /** The release the push made; later tests count from it. */
    private int deployed;
    private final long startedAt = System.nanoTime();

    @BeforeAll
    void pushTheAppWithARedisAddon(EndToEndPlatform platform) throws Exception {
        this.platform = platform;
        repo = platform.checkoutFixtureApp(APP);
        paas = platform.cli(repo);
        ok(paas.run("login", "--api-url", platform.apiUrl(), "--token", platform.firstStartToken()));
        ok(paas.run("apps:create", APP));
        PaasCli.Result addon = ok(paas.run("addons:create", "redis", "-a", APP));
        assertThat(addon.stdout() + addon.stderr()).containsPattern("Created redis-[a-z]+-[0-9]+ as REDIS_URL");
        PlatformFixture.GitRun push = platform.fixture.git(repo, "push", "paas", "main");
        assertThat(push.exitCode()).as(push.output()).isZero();
        pushOutput = push.output();
        deployed = currentVersion();
        ok(paas.run("scale", "web=1", "worker=1", "-a", APP));
        platform.awaitFormationOn(APP, deployed, 2);
        System.out.printf("TwelveFactorIT: app pushed and running after %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
    }

    @AfterAll
    void destroyTheApp() throws Exception {
        // The platform outlives this class (other classes may share it): leave it no dynos or add-on to run.
        if (paas == null) {
            return; // the set-up failed before the app existed; its error is the one to read
        }
        PaasCli.Result destroyed = paas.run("apps:destroy", "-a", APP, "--confirm", APP);
        System.out.printf("TwelveFactorIT: %.1f s (app destroyed: exit %d)%n", (System.nanoTime() - startedAt) / 1e9,
                destroyed.exitCode());
    }

    @Test
    @Order(1)
    @DisplayName("II. Dependencies: the lockfile's dependency is installed into the slug from the repo, nothing from the system")
    void dependencies() throws Exception {
        assertThat(pushOutput).contains("Installing node modules (package-lock.json): npm ci");
        PaasCli.Result resolved = ok(paas.run("run", "-a", APP, "node -p \"require.resolve('tiny-resp')\";"
                + " cd /tmp && node -e \"require('tiny-resp')\" 2>&1 | grep -o \"Cannot find module 'tiny-resp'\""));
        assertThat(resolved.stdout()).as("the slug's copy, and none outside the app")
                .contains("/app/node_modules/tiny-resp/index.js").contains("Cannot find module 'tiny-resp'");
    }

    @Test
    @Order(2)
    @DisplayName("III. Config: a config var reaches the app's environment at its next release, with no new build")
    void config() throws Exception {
        assertThat(platform.body(APP, "/")).isEqualTo("web.1 none");
        int builds = json(paas.run("builds", "--json", "-a", APP)).size();
        ok(paas.run("config:set", "GREETING=hola", "-a", APP));
        platform.awaitCurrentFormation(APP, 2);
        assertThat(platform.body(APP, "/")).isEqualTo("web.1 hola");
        assertThat(json(paas.run("builds", "--json", "-a", APP)).size()).as("builds").isEqualTo(builds);
    }

    @Test
    @Order(3)
    @DisplayName("V. Build, release, run: a release is an immutable slug plus config; config:set and rollback reuse the slug")
    void buildReleaseRun() throws Exception {
        JsonNode built = release(deployed);
        JsonNode configured = release(deployed + 1);
        String slug = built.get("slug").get("id").asText();
        assertThat(configured.get("slug").get("id").asText()).as("config:set keeps the slug").isEqualTo(slug);

        ok(paas.run("rollback", "v" + deployed, "-a", APP));
        platform.awaitCurrentFormation(APP, 2);
        JsonNode rolledBack = release(deployed + 2);
        assertThat(rolledBack.get("description").asText()).isEqualTo("Rollback to v" + deployed);
        assertThat(rolledBack.get("slug").get("id").asText()).as("the rollback runs the same slug").isEqualTo(slug);
        assertThat(platform.body(APP, "/")).isEqualTo("web.1 none");
        assertThat(withoutCurrent(release(deployed + 1))).as("an earlier release is unchanged by later ones")
                .isEqualTo(withoutCurrent(configured));
        assertThat(platform.api("GET", "/apps/" + APP + "/releases/" + (deployed + 1) + "/config-vars", null)
                .get("GREETING").asText()).as("its config too").isEqualTo("hola");
    }

    @Test
    @Order(4)
    @DisplayName("IV. Backing services: a Redis add-on attached by URL in config; the app's data lives in it")
    void backingServices() throws Exception {
        String url = ok(paas.run("config:get", "REDIS_URL", "-a", APP)).stdout().strip();
        assertThat(url).startsWith("redis://");
        int first = Integer.parseInt(platform.body(APP, "/visits"));
        assertThat(Integer.parseInt(platform.body(APP, "/visits"))).isEqualTo(first + 1);
        assertThat(redis("GET", "visits")).as("the count is in the add-on").isEqualTo(Integer.toString(first + 1));
    }

    @Test
    @Order(5)
    @DisplayName("VI. Processes: stateless dynos; scaling and restarting lose nothing the app keeps in its backing service")
    void processes() throws Exception {
        int before = Integer.parseInt(platform.body(APP, "/visits"));
        List<String> oldWeb = platform.containers(APP, "web");
        ok(paas.run("scale", "web=2", "-a", APP));
        ok(paas.run("ps:restart", "web", "-a", APP));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<String> web = platform.containers(APP, "web");
            return web.size() == 2 && web.stream().noneMatch(oldWeb::contains);
        });
        platform.awaitCurrentFormation(APP, 3);
        List<Integer> counts = new ArrayList<>();
        java.util.Set<String> servedBy = new java.util.HashSet<>();
        while (servedBy.size() < 2 && counts.size() < 40) {
            counts.add(Integer.parseInt(platform.body(APP, "/visits")));
            servedBy.add(platform.body(APP, "/").split(" ")[0]);
        }
        assertThat(servedBy).as("both new web dynos served").containsExactlyInAnyOrder("web.1", "web.2");
        for (int i = 0; i < counts.size(); i++) {
            assertThat(counts.get(i)).as("one count across the new dynos, continuing the old ones'").isEqualTo(before + 1 + i);
        }
    }

    @Test
    @Order(6)
    @DisplayName("VII. Port binding: the app serves HTTP itself on the $PORT the platform gives it, and is routed there")
    void portBinding() throws Exception {
        String web = platform.containers(APP, "web").getFirst();
        String env = docker("inspect", web, "--format", "{{range .Config.Env}}{{println .}}{{end}}");
        Matcher port = Pattern.compile("(?m)^PORT=(\\d+)$").matcher(env);
        assertThat(port.find()).as(env).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(platform.body(APP, "/port")).as("each web dyno binds the PORT the platform set").isEqualTo(port.group(1));
        }
        JsonNode release = release(currentVersion());
        assertThat(release.get("process_types").get("web").asText()).as("the app starts its own server")
                .isEqualTo("node web.js");
    }

    @Test
    @Order(7)
    @DisplayName("VIII. Concurrency: web and worker process types scale out independently and all work at once")
    void concurrency() throws Exception {
        ok(paas.run("scale", "worker=2", "-a", APP));
        assertThat(ok(paas.run("scale", "-a", APP)).stdout().strip()).isEqualTo("web=2:Standard-1X worker=2:Standard-1X");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> platform.body(APP, "/workers").equals("worker.1 worker.2"));
        assertThat(platform.containers(APP, "web")).hasSize(2);
        assertThat(platform.containers(APP, "worker")).hasSize(2);
    }

    @Test
    @Order(8)
    @DisplayName("IX. Disposability: SIGTERM stops a dyno gracefully within the grace period; a crashed dyno is restarted")
    void disposability() throws Exception {
        ok(paas.run("scale", "worker=1", "-a", APP));
        platform.awaitInLog(APP, "app[worker.2]: worker.2 got SIGTERM: finishing the current tick",
                "app[worker.2]: worker.2 stopped cleanly", "paas[worker.2]: Process exited with status 0",
                "paas[worker.2]: State changed from up to down",
                // from the ps:restart of the processes test: web dynos stop as gracefully
                "app[web.1]: web.1 got SIGTERM: closing the server", "app[web.1]: web.1 stopped cleanly");
        assertThat(platform.log(APP)).as("no dyno needed SIGKILL")
                .doesNotContain("Error R12");

        // Through the router: whichever dyno gets /crash exits 3 after answering.
        assertThat(platform.body(APP, "/crash")).isEqualTo("crashing");
        platform.awaitInLog(APP, "Process exited with status 3", "to crashed");
        String crashed = platform.log(APP).lines()
                .filter(l -> l.contains("Process exited with status 3")).findFirst().orElseThrow()
                .replaceAll(".*paas\\[(web\\.[12])].*", "$1");
        platform.awaitInLog(APP, "paas[" + crashed + "]: State changed from crashed to starting");
        platform.awaitCurrentFormation(APP, 3);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> platform.body(APP, "/").startsWith(crashed + " "));
    }

    @Test
    @Order(9)
    @DisplayName("XI. Logs: what the app writes to stdout reaches logs --tail and a syslog drain as an event stream")
    void logs() throws Exception {
        try (ServerSocket receiver = new ServerSocket(0); LogTail tail = LogTail.start(platform, APP)) {
            ok(paas.run("drains:add", "syslog+tcp://127.0.0.1:" + receiver.getLocalPort(), "-a", APP));
            receiver.setSoTimeout(30_000);
            platform.body(APP, "/drained");
            try (Socket drain = receiver.accept()) {
                drain.setSoTimeout(30_000);
                String received = readSyslogUntil(new DataInputStream(drain.getInputStream()), "GET /drained", "tick");
                assertThat(received).containsPattern(" app web\\.[12] - - GET /drained")
                        .containsPattern(" app worker\\.1 - - worker\\.1 tick \\d+");
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(tail.lines())
                    .anyMatch(l -> l.matches(".*app\\[web\\.[12]]: GET /drained$"))
                    .anyMatch(l -> l.matches(".*app\\[worker\\.1]: worker\\.1 tick \\d+$")));
        }
    }

    @Test
    @Order(10)
    @DisplayName("XII. Admin processes: a one-off dyno runs the release's code with its config and backing services")
    void adminProcesses() throws Exception {
        String visits = redis("GET", "visits");
        String greeting = platform.body(APP, "/").split(" ", 2)[1];
        PaasCli.Result report = ok(paas.run("run", "-a", APP, "node admin.js report"));
        assertThat(report.stdout()).as("the add-on's count, the web dynos' config, the slug's code")
                .contains("visits=" + visits, "greeting=" + greeting, "version=1.4.0");
    }

    @Test
    @Order(11)
    @DisplayName("X. Dev/prod parity: a dyno runs the very Node.js the build used, from the same stack")
    void devProdParity() throws Exception {
        Matcher built = Pattern.compile("Using Node\\.js (v[0-9.]+) and npm").matcher(pushOutput);
        assertThat(built.find()).as(pushOutput).isTrue();
        assertThat(ok(paas.run("run", "-a", APP, "node --version")).stdout().strip()).isEqualTo(built.group(1));
    }

    @Test
    @Order(12)
    @DisplayName("I. Codebase: one repository per app; a push of another codebase's history is refused and changes nothing")
    void codebase() throws Exception {
        Path other = platform.checkoutFixtureApp(APP + "-rewrite");
        Path packageJson = other.resolve("package.json");
        Files.writeString(packageJson, Files.readString(packageJson).replace("\"version\": \"1.4.0\"", "\"version\": \"2.0.0\""));
        Path lock = other.resolve("package-lock.json");
        Files.writeString(lock, Files.readString(lock).replace("\"version\": \"1.4.0\"", "\"version\": \"2.0.0\""));
        platform.git(other, "commit", "-q", "-am", "visit-counter 2.0.0, a rewrite");
        platform.git(other, "remote", "add", "paas", platform.apiUrl() + "/" + APP + ".git");
        int before = currentVersion();
        PlatformFixture.GitRun refused = platform.fixture.git(other, "push", "paas", "main");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("[rejected]");
        // What a forced push then does (a new build from the other history) is a push like the
        // first; NewcomerPathIT and GitPushDeployIT cover those, so no second build here.
        assertThat(currentVersion()).isEqualTo(before);
        assertThat(json(paas.run("builds", "--json", "-a", APP)).get(0).get("source_blob").get("version").asText())
                .isNotEqualTo(platform.git(other, "rev-parse", "HEAD").strip());
    }

    private int currentVersion() throws Exception {
        return platform.currentVersion(APP);
    }

    /** A release as shown, but for whether it is the current one (which a later release changes). */
    private static JsonNode withoutCurrent(JsonNode release) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = release.deepCopy();
        copy.remove("current");
        return copy;
    }

    private JsonNode release(int version) throws Exception {
        return json(paas.run("releases:info", "v" + version, "--json", "-a", APP));
    }

    /** A command to the app's Redis add-on from the host, as its own service (not through the app). */
    private String redis(String... command) throws Exception {
        JsonNode addon = platform.api("GET", "/apps/" + APP + "/addons", null).get(0);
        String url = platform.api("GET", "/apps/" + APP + "/config-vars", null).get("REDIS_URL").asText();
        String password = java.net.URLDecoder.decode(url.substring("redis://:".length(), url.lastIndexOf('@')),
                StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>(List.of("exec", addon.get("provider_id").asText(), "redis-cli",
                "--no-auth-warning", "-a", password));
        args.addAll(List.of(command));
        return docker(args.toArray(String[]::new)).strip();
    }

    /** Reads octet-counted syslog messages (RFC 6587) until every fragment was seen. */
    private static String readSyslogUntil(DataInputStream in, String... fragments) throws IOException {
        StringBuilder all = new StringBuilder();
        while (!java.util.Arrays.stream(fragments).allMatch(f -> all.toString().contains(f))) {
            StringBuilder length = new StringBuilder();
            for (int c; (c = in.read()) != ' '; ) {
                if (c < 0) {
                    throw new IOException("the drain closed; it sent:\n" + all);
                }
                length.append((char) c);
            }
            byte[] message = new byte[Integer.parseInt(length.toString())];
            in.readFully(message);
            all.append(new String(message, StandardCharsets.UTF_8)).append('\n');
        }
        return all.toString();
    }

    private static JsonNode json(PaasCli.Result r) throws Exception {
        return mapper.readTree(ok(r).stdout());
    }
}
