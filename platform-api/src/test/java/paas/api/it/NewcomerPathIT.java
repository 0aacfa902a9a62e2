package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static paas.api.it.EndToEndPlatform.docker;
import static paas.api.it.EndToEndPlatform.ok;

/**
 * A newcomer's first session, step by step, from the built distribution: bin/paasd started on a
 * fresh data dir, the real bin/paas logged in with the token paasd printed, the real git pushing
 * a Node app, HTTP through the router, the Docker engine checked by label at the end. The steps
 * run in order on one app; each is a test so a report names the step that broke.
 */
@ExtendWith(EndToEndPlatform.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NewcomerPathIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final String APP = "newcomer";
    private static final String HOST = APP + ".localhost";
    private static final String DOMAIN = "www.newcomer.test";

    private EndToEndPlatform platform;
    private Path repo;
    private PaasCli paas;
    private String sha;
    /** The slug files in the data dir before the push: the push adds the app's, the destroy removes them. */
    private Set<Path> slugsBeforePush;
    private LogTail tail;
    private final long startedAt = System.nanoTime();

    @BeforeAll
    void checkOut(EndToEndPlatform platform) throws Exception {
        this.platform = platform;
        repo = platform.checkoutFixtureApp(APP);
        paas = platform.cli(repo);
    }

    @AfterAll
    void report() throws Exception {
        if (tail != null) {
            tail.close();
        }
        System.out.printf("NewcomerPathIT: %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
    }

    @Test
    @Order(1)
    void loginWithTheTokenPaasdPrintedOnItsFirstStart() throws Exception {
        ok(paas.run("login", "--api-url", platform.apiUrl(), "--token", platform.firstStartToken()));
        assertThat(Files.readString(platform.fixture.home.resolve(".netrc"))).contains(platform.firstStartToken());
        assertThat(ok(paas.run("auth:whoami")).stdout()).contains("admin@localhost");
    }

    @Test
    @Order(2)
    void appsCreateAndGitRemote() throws Exception {
        ok(paas.run("apps:create", APP, "--no-remote"));
        ok(paas.run("git:remote", "-a", APP));
        assertThat(platform.git(repo, "remote", "-v")).contains("paas\t" + platform.apiUrl() + "/" + APP + ".git");
    }

    @Test
    @Order(3)
    void gitPushStreamsTheBuildAndReleases() throws Exception {
        slugsBeforePush = slugFiles();
        sha = platform.git(repo, "rev-parse", "--short=7", "HEAD").strip();
        List<TimedLine> push = streamedPush();
        List<String> text = push.stream().map(TimedLine::text).toList();
        assertThat(text).as(String.join("\n", text)).contains("remote: -----> Node.js app detected")
                .anyMatch(l -> l.startsWith("remote: -----> Building " + sha))
                .anyMatch(l -> l.contains("npm ci"))
                .anyMatch(l -> l.contains("Procfile declares types     -> web, worker"))
                .anyMatch(l -> l.contains("released v2"));
        TimedLine firstStep = push.stream().filter(l -> l.text().startsWith("remote: -----> ")).findFirst().orElseThrow();
        TimedLine released = push.stream().filter(l -> l.text().contains("released v2")).findFirst().orElseThrow();
        // Streamed, not printed at the end: the first build step reached the user while the build still ran.
        assertThat(Duration.ofNanos(released.nanos() - firstStep.nanos())).as("from the first step to the release")
                .isGreaterThan(Duration.ofMillis(500));
        assertThat(slugFiles()).hasSizeGreaterThan(slugsBeforePush.size());
    }

    @Test
    @Order(4)
    void theAppAnswersThroughTheRouter() throws Exception {
        // web.1 may still be booting: the router holds the request until it is up.
        assertThat(platform.body(APP, "/")).isEqualTo("web.1 none");
    }

    @Test
    @Order(5)
    void scaleWebToThreeAndAllThreeAnswer() throws Exception {
        ok(paas.run("scale", "web=3", "-a", APP));
        Set<String> seen = new HashSet<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            seen.add(platform.body(APP, "/").split(" ")[0]); // a 200 each time: the new dynos join the route once up
            return seen.size() == 3;
        });
        assertThat(seen).containsExactlyInAnyOrder("web.1", "web.2", "web.3");
        assertThat(ok(paas.run("ps", "-a", APP)).stdout()).contains("web.1: up").contains("web.2: up").contains("web.3: up");
    }

    @Test
    @Order(6)
    void configSetReachesTheAppWithNoFailedRequest() throws Exception {
        tail = LogTail.start(platform, APP); // read in the next step: it sees this deploy's platform lines
        WebTraffic.SteadyLoad load = new WebTraffic.SteadyLoad(platform.fixture.routerPort(), APP);
        try {
            ok(paas.run("config:set", "GREETING=welcome", "-a", APP));
            awaitServing(3, "welcome");
        } finally {
            load.stop();
        }
        assertThat(load.failures).as("requests failed during the deploy of v3 (%s)", load).isEmpty();
        assertThat(new HashSet<>(load.bodies)).as("the loop saw the old and the new value")
                .anyMatch(b -> b.endsWith(" none")).anyMatch(b -> b.endsWith(" welcome"));
    }

    @Test
    @Order(7)
    void logsTailShowsAppRouterAndPlatformLines() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            platform.body(APP, "/tailed");
            assertThat(tail.lines())
                    .anyMatch(l -> l.contains("app[web.") && l.contains("GET /tailed"))
                    .anyMatch(l -> l.contains("router[router]: at=info method=GET path=\"/tailed\" host=" + HOST))
                    .anyMatch(l -> l.contains("paas[api]: Set GREETING config vars by user admin@localhost"))
                    .anyMatch(l -> l.matches(".*paas\\[web\\.[123]]: State changed from starting to up.*"));
        });
    }

    @Test
    @Order(8)
    void runPassesTheExitCodeThrough() throws Exception {
        PaasCli.Result failed = paas.run("run", "-a", APP, "echo one-off $GREETING; exit 3");
        assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(3);
        assertThat(failed.stdout()).contains("one-off welcome");
    }

    @Test
    @Order(9)
    void releasesListsEveryChange() throws Exception {
        List<String> releases = new ArrayList<>();
        json(paas.run("releases", "--json", "-a", APP))
                .forEach(r -> releases.add("v" + r.get("version").asInt() + " " + r.get("description").asText()));
        assertThat(releases).containsExactly("v3 Set GREETING config vars", "v2 Deploy " + sha, "v1 Initial release");
    }

    @Test
    @Order(10)
    void rollbackBringsTheOldReleaseBack() throws Exception {
        ok(paas.run("rollback", "v2", "-a", APP));
        awaitServing(4, "none");
        JsonNode v4 = json(paas.run("releases:info", "v4", "--json", "-a", APP));
        assertThat(v4.get("description").asText()).isEqualTo("Rollback to v2");
        assertThat(v4.get("current").asBoolean()).isTrue();
    }

    @Test
    @Order(11)
    void psRestartReplacesEveryDyno() throws Exception {
        Set<String> before = new HashSet<>(containers("web"));
        assertThat(before).hasSize(3);
        ok(paas.run("ps:restart", "-a", APP));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<String> now = containers("web");
            return now.size() == 3 && now.stream().noneMatch(before::contains);
        });
        assertThat(platform.body(APP, "/")).matches("web\\.[123] none");
    }

    @Test
    @Order(12)
    void maintenanceOnAnswersWithTheMaintenancePage() throws Exception {
        ok(paas.run("maintenance:on", "-a", APP));
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.get(HOST, "/").statusCode() == 503);
        assertThat(platform.get(HOST, "/").body()).contains("Offline for maintenance");
        ok(paas.run("maintenance:off", "-a", APP));
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.get(HOST, "/").statusCode() == 200);
    }

    @Test
    @Order(13)
    void domainsAddRoutesByHost() throws Exception {
        assertThat(platform.get(DOMAIN, "/").statusCode()).as("no app has the domain yet").isEqualTo(404);
        ok(paas.run("domains:add", DOMAIN, "-a", APP));
        await().atMost(Duration.ofSeconds(10)).until(() -> platform.get(DOMAIN, "/").statusCode() == 200);
        assertThat(platform.get(DOMAIN, "/").body().strip()).matches("web\\.[123] none");
    }

    @Test
    @Order(14)
    void appsDestroyLeavesNothingOfTheAppBehind() throws Exception {
        assertThat(docker("images", "-q", "--filter", "label=paas.app=" + APP)).as("release images before").isNotBlank();
        assertThat(docker("network", "ls", "-q", "--filter", "name=paas-app-" + APP)).as("the app network before").isNotBlank();
        assertThat(docker("volume", "ls", "-q", "--filter", "name=" + cacheVolume())).as("the build cache before").isNotBlank();
        assertThat(platform.dataDir().resolve("repos/" + APP + ".git")).exists();
        Set<Path> appSlugs = new HashSet<>(slugFiles());
        appSlugs.removeAll(slugsBeforePush);
        assertThat(appSlugs).as("the app's slugs").isNotEmpty();

        ok(paas.run("apps:destroy", "-a", APP, "--confirm", APP));
        await("every container, image, network and volume of the app gone").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    assertThat(docker("ps", "-aq", "--filter", "label=paas.platform=" + platform.platformLabel(),
                            "--filter", "label=paas.app=" + APP)).as("containers").isBlank();
                    assertThat(docker("images", "-q", "--filter", "label=paas.app=" + APP)).as("images").isBlank();
                    assertThat(docker("network", "ls", "-q", "--filter", "name=paas-app-" + APP)).as("networks").isBlank();
                    assertThat(docker("volume", "ls", "-q", "--filter", "name=" + cacheVolume())).as("volumes").isBlank();
                    assertThat(docker("volume", "ls", "-q", "--filter", "label=paas.app=" + APP)).as("volumes").isBlank();
                });
        assertThat(platform.dataDir().resolve("repos/" + APP + ".git")).as("the repository").doesNotExist();
        // The slug files go with the app, at once: none is left for the orphan sweep.
        assertThat(appSlugs).as("the app's slug files").allSatisfy(file -> assertThat(file).doesNotExist());
        assertThat(json(paas.run("admin:orphans", "--json"))).as("orphans").isEmpty();
        try (Stream<Path> all = Files.walk(platform.dataDir())) {
            assertThat(all.map(p -> platform.dataDir().relativize(p).toString())).as("files of the app in the data dir")
                    .noneMatch(p -> p.contains(APP));
        }
        assertThat(platform.git(repo, "remote")).as("the app's git remote here").doesNotContain("paas");
        await("the app's hostname is no longer routed").atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var r = platform.get(HOST, "/");
            assertThat(r.statusCode()).as("GET / of %s after the destroy: %s", HOST, r.body()).isEqualTo(404);
        });
    }

    /** Waits until the three web dynos run {@code version}, no older one is left, and the app answers {@code greeting}. */
    private void awaitServing(int version, String greeting) throws Exception {
        platform.awaitFormationOn(APP, version, 3);
        assertThat(platform.body(APP, "/")).endsWith(" " + greeting);
    }

    private List<String> containers(String type) {
        return platform.containers(APP, type);
    }

    private String cacheVolume() {
        return "paas-cache-" + platform.platformLabel() + "-" + APP;
    }

    private Set<Path> slugFiles() throws Exception {
        Path slugs = platform.dataDir().resolve("slugs");
        if (!Files.isDirectory(slugs)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(slugs)) {
            return new HashSet<>(files.filter(p -> p.toString().endsWith(".tgz")).toList());
        }
    }

    private record TimedLine(long nanos, String text) {
    }

    /** {@code git push paas main}, each line of its output with when it arrived. */
    private List<TimedLine> streamedPush() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("git", "-c", "credential.helper=", "push", "paas", "main")
                .directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", platform.fixture.home.toString());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process git = pb.start();
        List<TimedLine> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(git.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = r.readLine()) != null; ) {
                lines.add(new TimedLine(System.nanoTime(), l.strip()));
            }
        }
        assertThat(git.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(git.exitValue()).as(String.join("\n", lines.stream().map(TimedLine::text).toList())).isZero();
        return lines;
    }

    private static JsonNode json(PaasCli.Result r) throws Exception {
        return mapper.readTree(ok(r).stdout());
    }
}
