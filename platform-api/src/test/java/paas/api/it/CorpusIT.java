package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The app shapes users push, each a copy of a real public app's layout kept under
 * {@code src/test/resources/corpus}, deployed with the real {@code git push} to a real paasd on
 * the Docker engine, and asked through the router what such an app must answer. Packages come
 * from the public npm registry, as they do for users. The cold push-to-first-200 time of each
 * app goes to {@code target/corpus-timings.txt}, and the warm one (a second push, build cache
 * filled) for the apps whose second push checks something of its own: Go's and Maven's caches,
 * a Node monorepo, a Dockerfile's layers, a release phase run again. The other Node apps and the
 * Python app skip it: a second push there costs a build and proves nothing new.
 */
class CorpusIT {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final Path CORPUS = Path.of("src/test/resources/corpus");
    private static final Duration FIRST_200 = Duration.ofSeconds(120);

    private static PlatformFixture fixture;
    private static PaasdProcess paasd;
    private static PaasCli paas;
    private static HttpClient http;
    private static final List<String> timings = new ArrayList<>();

    @BeforeAll
    static void startPlatform() throws Exception {
        fixture = new PlatformFixture(TestDatabases.Kind.H2);
        paasd = fixture.startPaasd();
        paas = fixture.cli(paasd);
        assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN).exitCode()).isZero();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (!timings.isEmpty()) {
            Files.writeString(Path.of("target/corpus-timings.txt"), String.join("\n", timings) + "\n");
            System.out.println(String.join("\n", timings));
        }
        try {
            if (paasd != null) {
                paasd.close();
            }
        } finally {
            if (fixture != null) {
                fixture.close();
            }
        }
    }

    /**
     * Express with EJS views, a Procfile, a lockfile, an engines range the stack cannot meet and
     * a devDependency: the layout of Heroku's Node getting-started app.
     */
    @Test
    void nodeWithProcfileLockfileAndOldEnginesRendersItsView() throws Exception {
        Pushed app = pushCorpusApp("node-ejs", "ejs-site", Map.of());
        assertThat(app.output()).contains("-----> Node.js app detected")
                .contains("npm ci")
                .contains("Warning: package.json asks for Node.js \"14.x\"")
                .contains("-----> Pruning devDependencies")
                .contains("Procfile declares types     -> web")
                .doesNotContain("must print a YAML mapping");
        HttpResponse<String> page = get("ejs-site", "/");
        assertThat(page.body()).contains("<h1>Getting Started with Node on paas</h1>")
                .contains("Rendered by EJS on web.1").contains("<li>express</li><li>ejs</li>");
        assertThat(get("ejs-site", "/stylesheets/main.css").body()).contains("font-family");

        PaasCli.Result slug = paas.run("run", "-a", "ejs-site",
                "ls node_modules/.package-lock.json node_modules/ejs node_modules/prettier 2>&1; true");
        assertThat(slug.stdout()).as(slug.toString()).contains("node_modules/ejs:")
                .contains("cannot access 'node_modules/prettier'");
    }

    /** No Procfile, so `npm start`; Express and ws share one port, upgraded through the router. */
    @Test
    void nodeWithoutProcfileServesWebSocketsThroughTheRouter() throws Exception {
        Pushed app = pushCorpusApp("node-websocket", "chat", Map.of());
        assertThat(app.output()).contains("-----> Node.js app detected").contains("Default types for buildpack -> web");
        JsonNode release = mapper.readTree(paas.run("releases:info", "-a", "chat", "--json").stdout());
        assertThat(release.get("process_types").get("web").asText()).isEqualTo("npm start");

        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().header("Host", "chat.localhost")
                .buildAsync(URI.create("ws://127.0.0.1:" + fixture.routerPort() + "/chat"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
        assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("welcome from web.1");
        for (int i = 0; i < 3; i++) {
            ws.sendText("message " + i, true).get(10, TimeUnit.SECONDS);
            assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo("echo: message " + i);
        }
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(paas.run("logs", "-a", "chat", "-n", "200").stdout())
                        .contains("app[web.1]: client connected").contains("app[web.1]: client disconnected"));
    }

    /** A web process enqueues jobs on a real Redis; two worker dynos run them. */
    @Test
    void nodeWebAndWorkersShareJobsThroughRedis() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            Pushed app = pushCorpusApp("node-redis-worker", "jobs", Map.of("REDIS_URL", redis.url()));
            assertThat(app.output()).contains("Procfile declares types     -> web, worker");
            assertThat(paas.run("scale", "worker=2", "-a", "jobs").exitCode()).isZero();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(paas.run("ps", "-a", "jobs").stdout()).contains("worker.1: up").contains("worker.2: up"));

            List<String> ids = new ArrayList<>();
            for (int n = 1; n <= 12; n++) {
                HttpResponse<String> queued = send("jobs", HttpRequest.newBuilder()
                        .POST(HttpRequest.BodyPublishers.noBody()), "/jobs?n=" + n);
                assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
                ids.add(mapper.readTree(queued.body()).get("id").asText());
            }
            Set<String> workers = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                int n = i + 1;
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(get("jobs", "/jobs/" + id).statusCode()).isEqualTo(200));
                JsonNode done = mapper.readTree(get("jobs", "/jobs/" + id).body());
                assertThat(done.get("square").asInt()).isEqualTo(n * n);
                workers.add(done.get("by").asText());
            }
            assertThat(workers).isSubsetOf("worker.1", "worker.2").isNotEmpty();
            assertThat(paas.run("logs", "-a", "jobs", "-n", "500", "--dyno", "worker").stdout()).contains("ran job");
        }
    }

    /** A release: process migrates a real PostgreSQL before the release goes live; it runs again, idempotently, on the next deploy. */
    @Test
    void releasePhaseMigratesPostgresBeforeTheReleaseGoesLive() throws Exception {
        try (PostgresServer db = PostgresServer.start()) {
            Pushed app = pushCorpusApp("node-release-migrate", "notes", Map.of("DATABASE_URL", db.url()));
            assertThat(app.output()).contains("Procfile declares types     -> release, web")
                    .contains("Running release command").contains("applied: 001_create_notes.sql")
                    .contains("Release command succeeded");
            assertThat(get("notes", "/").body()).isEqualTo("first note, written by the release phase\n");
            assertThat(db.sql("SELECT name FROM schema_migrations").strip()).isEqualTo("001_create_notes.sql");

            Files.writeString(app.repo().resolve("db/migrations/002_second_note.sql"),
                    "INSERT INTO notes (body) VALUES ('second note, from the second deploy');\n");
            fixture.git(app.repo(), "add", ".");
            fixture.git(app.repo(), "commit", "-q", "-m", "a second migration");
            String second = timedPush(app.app(), app.repo(), "warm");
            assertThat(second).contains("already applied: 001_create_notes.sql")
                    .contains("applied: 002_second_note.sql");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(get("notes", "/").body())
                    .isEqualTo("first note, written by the release phase\nsecond note, from the second deploy\n"));
        }
    }

    /**
     * Spring Boot built with its own mvnw, asking for Java 17 in system.properties, started by a
     * Procfile with a glob, and reading PostgreSQL through JDBC_DATABASE_URL alone, which the
     * buildpack derives from DATABASE_URL (credentials included, no sslmode: this server has no TLS).
     */
    @Test
    void springBootWithMvnwReadsPostgresThroughTheDerivedJdbcUrl() throws Exception {
        try (PostgresServer db = PostgresServer.start()) {
            Pushed app = pushCorpusApp("spring-boot-jdbc", "spring", Map.of("DATABASE_URL", db.url()));
            assertThat(app.output()).contains("-----> Java (Maven) app detected")
                    .contains("Using the Maven wrapper").contains("java.runtime.version (system.properties): 17")
                    .doesNotContain("Warning: system.properties").contains("BUILD SUCCESS")
                    .contains("Procfile declares types     -> web");
            assertThat(get("spring", "/").body()).isEqualTo("Hello from Spring Boot on web.1\n");
            assertThat(get("spring", "/database").body()).isEqualTo("Read from DB: 1 ticks, as app\n");
            assertThat(get("spring", "/database").body()).isEqualTo("Read from DB: 2 ticks, as app\n");
            warmPush(app);
            assertThat(get("spring", "/database").body()).isEqualTo("Read from DB: 3 ticks, as app\n");
        }
    }

    /**
     * A WSGI app without a Procfile: gunicorn from the stack, the team's own package from its
     * index (PIP_INDEX_URL over plain http), a runtime.txt the stack cannot meet. An index that
     * does not answer fails the push and releases nothing.
     */
    @Test
    void pythonWsgiAppInstallsFromTheTeamsIndexAndRunsUnderGunicorn() throws Exception {
        try (PackageIndex index = PackageIndex.start()) {
            index.publish("hello-greeting", "1.0.0", Map.of("greeting/__init__.py",
                    "def greet(name):\n    return 'Hello from ' + name + ', greeted by hello-greeting 1.0.0'\n"));
            Pushed app = pushCorpusApp("python-wsgi", "pyapp", Map.of("PIP_INDEX_URL", index.url(),
                    "PIP_TRUSTED_HOST", index.host()));
            assertThat(app.output()).contains("-----> Python app detected")
                    .contains("Warning: runtime.txt asks for Python 3.12.7, but this stack has Python 3.11")
                    .contains("Package index: " + index.url())
                    .contains("Requirement already satisfied: gunicorn")
                    .contains("Successfully installed hello-greeting-1.0.0")
                    .contains("Default types for buildpack -> web");
            JsonNode release = mapper.readTree(paas.run("releases:info", "-a", "pyapp", "--json").stdout());
            assertThat(release.get("process_types").get("web").asText()).isEqualTo("gunicorn app:app");
            assertThat(get("pyapp", "/").body()).isEqualTo("Hello from web.1, greeted by hello-greeting 1.0.0\n");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(paas.run("logs", "-a", "pyapp", "-n", "200").stdout()).contains("\"GET / HTTP/1.1\" 200"));
        }

        PackageIndex gone = PackageIndex.start();
        String deadIndex = gone.url();
        gone.close();
        Path repo = fixture.workDir.resolve("pyapp-offline");
        copyTree(CORPUS.resolve("python-wsgi"), repo);
        fixture.git(repo, "init", "-q", "-b", "main");
        fixture.git(repo, "add", ".");
        fixture.git(repo, "commit", "-q", "-m", "initial commit");
        assertThat(paas.run("apps:create", "pyapp-offline").exitCode()).isZero();
        assertThat(paas.run("config:set", "-a", "pyapp-offline", "PIP_INDEX_URL=" + deadIndex,
                "PIP_TRUSTED_HOST=" + HostAddress.reachableFromContainers()).exitCode()).isZero();
        fixture.git(repo, "remote", "add", "paas", paasd.apiUrl() + "/pyapp-offline.git");
        PlatformFixture.GitRun refused = fixture.git(repo, "push", "paas", "main");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("remote:  !     pip could not install the app's packages")
                .contains("The index is PIP_INDEX_URL=" + deadIndex)
                .contains("[remote rejected] main -> main");
        JsonNode current = mapper.readTree(paas.run("releases:info", "-a", "pyapp-offline", "--json").stdout());
        assertThat(current.get("description").asText()).startsWith("Set PIP_INDEX_URL, PIP_TRUSTED_HOST config vars");
    }

    /**
     * A Go module with its dependency vendored builds offline; the root binary is web and
     * cmd/worker is worker. A go.mod asking for a newer Go than the stack's fails and changes nothing.
     */
    @Test
    void goModuleWithVendoredDependencyBuildsOfflineIntoProcessTypes() throws Exception {
        Pushed app = pushCorpusApp("go-vendored", "hello-go", Map.of());
        assertThat(app.output()).contains("-----> Go app detected").contains("Using vendor/ (offline")
                .contains("bin/hello-go").contains("bin/worker")
                .contains("Default types for buildpack -> web, worker");
        JsonNode types = mapper.readTree(paas.run("releases:info", "-a", "hello-go", "--json").stdout())
                .get("process_types");
        assertThat(types.get("web").asText()).isEqualTo("bin/hello-go");
        assertThat(types.get("worker").asText()).isEqualTo("bin/worker");
        assertThat(get("hello-go", "/").body()).isEqualTo("hello from web.1 (greeting v1.0.0, vendored)\n");
        assertThat(paas.run("scale", "worker=1", "-a", "hello-go").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(paas.run("logs", "-a", "hello-go", "-n", "300", "--dyno", "worker").stdout())
                        .contains("hello from worker.1 (greeting v1.0.0, vendored)"));
        warmPush(app);

        Files.writeString(app.repo().resolve("go.mod"), Files.readString(app.repo().resolve("go.mod"))
                .replace("go 1.22", "go 1.99"));
        assertThat(refusedPush(app, "a go line from the future"))
                .contains("go.mod needs Go 1.99 or newer (its go line), but this stack has Go 1.23");
    }

    /** A monorepo: PAAS_APP_BASE picks the app's directory; a base the push lacks fails and changes nothing. */
    @Test
    void monorepoBuildsTheDirectoryItsConfigNames() throws Exception {
        Pushed app = pushCorpusApp("monorepo", "acme-web", Map.of("PAAS_APP_BASE", "services/web"));
        assertThat(app.output()).contains("-----> Building the app in services/web (PAAS_APP_BASE)")
                .contains("-----> Node.js app detected").contains("Procfile declares types     -> web");
        assertThat(get("acme-web", "/").body()).isEqualTo("acme web on web.1; other parts of the repo here: none\n");
        warmPush(app);

        assertThat(paas.run("config:set", "-a", "acme-web", "PAAS_APP_BASE=services/wbe").exitCode()).isZero();
        Files.writeString(app.repo().resolve("services/web/server.js"), "this would not even parse\n");
        assertThat(refusedPush(app, "typo in the base, and a broken server")).contains("remote:")
                .contains("this push has no directory services/wbe");
        JsonNode current = mapper.readTree(paas.run("releases:info", "-a", "acme-web", "--json").stdout());
        assertThat(current.get("description").asText()).as("no release from the failed push")
                .startsWith("Set PAAS_APP_BASE config vars");
    }

    /**
     * A two-stage Dockerfile and no Procfile: built by the engine, its CMD is web, its dynos get
     * PORT and config like a slug's. A FROM the engine lacks then fails the push and changes nothing.
     */
    @Test
    void dockerfileAppBuildsWithTheEngineAndItsCmdIsWeb() throws Exception {
        Pushed app = pushCorpusApp("dockerfile-node", "docker-site", Map.of());
        assertThat(app.output()).contains("-----> Building web (Dockerfile) with Docker")
                .containsPattern("Step 1/\\d+ : FROM paas/stack-build:latest AS build")
                .contains("The image's command       -> web")
                .contains("released v");
        JsonNode release = mapper.readTree(paas.run("releases:info", "-a", "docker-site", "--json").stdout());
        assertThat(release.get("process_types").get("web").asText()).isEqualTo("node index.js");
        assertThat(get("docker-site", "/").body()).contains("Rendered by EJS on web.1");
        PaasCli.Result inDyno = paas.run("run", "-a", "docker-site", "id -u; echo $PORT; pwd; ls node_modules | grep -c prettier");
        assertThat(inDyno.stdout()).as(inDyno.toString()).startsWith("1000\n5000\n/srv/app\n0\n");
        warmPush(app);

        Files.writeString(app.repo().resolve("Dockerfile"), Files.readString(app.repo().resolve("Dockerfile"))
                .replace("FROM paas/stack-run:latest", "FROM node:20-bookworm-slim"));
        assertThat(refusedPush(app, "a base image from Docker Hub"))
                .contains("FROM node:20-bookworm-slim: no such image on this platform's Docker engine")
                .contains("docker load -i IMAGE.tar");
    }

    /**
     * paas deploy:image releases images the operator loaded; the release keeps its image when
     * the name it was deployed by is removed, so rollback brings it back.
     */
    @Test
    void imageDeploysReleaseAndRollBack() throws Exception {
        String v1 = "corpus-image-" + fixture.platformLabel() + ":v1";
        String v2 = "corpus-image-" + fixture.platformLabel() + ":v2";
        try {
            buildImage(v1, "v1");
            buildImage(v2, "v2");
            deployRollBackAndDestroy(v1, v2);
        } finally {
            PlatformFixture.docker("rmi", v1, v2); // what the test did not remove itself
        }
    }

    private static void deployRollBackAndDestroy(String v1, String v2) throws Exception {
        assertThat(paas.run("apps:create", "boxed").exitCode()).isZero();
        assertThat(paas.run("config:set", "-a", "boxed", "GREETING=hi").exitCode()).isZero();

        PaasCli.Result missing = paas.run("deploy:image", "team/never-loaded:1.0", "-a", "boxed");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.stderr()).contains("image team/never-loaded:1.0 is not on this platform's Docker engine")
                .contains("docker load -i IMAGE.tar");

        PaasCli.Result first = paas.run("deploy:image", v1, "-a", "boxed");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stderr()).contains("Releasing image " + v1 + " to boxed... done, v3");
        await().atMost(FIRST_200).pollInterval(Duration.ofMillis(200)).until(() -> webAnswersOnRelease("boxed", 3));
        assertThat(get("boxed", "/").body()).isEqualTo("image v1 on web.1 as uid 1000\n");

        assertThat(paas.run("deploy:image", v2, "-a", "boxed").exitCode()).isZero();
        await().atMost(FIRST_200).pollInterval(Duration.ofMillis(200)).until(() -> webAnswersOnRelease("boxed", 4));
        assertThat(get("boxed", "/").body()).startsWith("image v2 on web.1");

        PlatformFixture.docker("rmi", v1);
        PaasCli.Result back = paas.run("rollback", "v3", "-a", "boxed");
        assertThat(back.exitCode()).as(back.toString()).isZero();
        await().atMost(FIRST_200).pollInterval(Duration.ofMillis(200)).until(() -> webAnswersOnRelease("boxed", 5));
        assertThat(get("boxed", "/").body()).startsWith("image v1 on web.1");
        JsonNode releases = mapper.readTree(paas.run("releases", "-a", "boxed", "--json").stdout());
        assertThat(releases.get(0).get("description").asText()).isEqualTo("Rollback to v3");
        assertThat(releases.get(1).get("description").asText()).isEqualTo("Deploy image " + v2);

        assertThat(paas.run("apps:destroy", "-a", "boxed", "--confirm", "boxed").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(PlatformFixture.docker("images", "-q", "paas/image-boxed")).isBlank());
    }

    private static void buildImage(String tag, String version) throws Exception {
        Path dir = fixture.workDir.resolve("image-" + version);
        copyTree(CORPUS.resolve("image-app"), dir);
        Files.writeString(dir.resolve("version"), version + "\n");
        String built = PlatformFixture.docker("build", "-q", "-t", tag, dir.toString());
        assertThat(built).as("docker build of " + tag).contains("sha256:");
    }

    record Pushed(String app, Path repo, String output) {
    }

    /** Copies a corpus app into a fresh repository, creates the app, sets its config and pushes. */
    private static Pushed pushCorpusApp(String corpusName, String app, Map<String, String> config) throws Exception {
        Path repo = fixture.workDir.resolve(app);
        copyTree(CORPUS.resolve(corpusName), repo);
        fixture.git(repo, "init", "-q", "-b", "main");
        fixture.git(repo, "add", ".");
        fixture.git(repo, "commit", "-q", "-m", "initial commit");
        PaasCli.Result created = paas.run("apps:create", app);
        assertThat(created.exitCode()).as(created.toString()).isZero();
        if (!config.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("config:set", "-a", app));
            config.forEach((k, v) -> args.add(k + "=" + v));
            PaasCli.Result set = paas.run(args.toArray(String[]::new));
            assertThat(set.exitCode()).as(set.toString()).isZero();
        }
        fixture.git(repo, "remote", "add", "paas", paasd.apiUrl() + "/" + app + ".git");
        String output = timedPush(app, repo, "cold");
        return new Pushed(app, repo, output);
    }

    /** A one-line change pushed again: the build cache is warm. */
    private static void warmPush(Pushed pushed) throws Exception {
        Files.writeString(pushed.repo().resolve("README.md"), "\nChanged for a second deploy.\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        fixture.git(pushed.repo(), "commit", "-q", "-am", "second deploy");
        String output = timedPush(pushed.app(), pushed.repo(), "warm");
        assertThat(output).containsPattern("released v\\d+");
    }

    /**
     * Commits the test's change and pushes it: the push must be refused, make no release and
     * leave the app answering. Answers what the push printed.
     */
    private static String refusedPush(Pushed app, String message) throws Exception {
        int live = currentVersion(app.app());
        fixture.git(app.repo(), "commit", "-q", "-am", message);
        PlatformFixture.GitRun refused = fixture.git(app.repo(), "push", "paas", "main");
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("[remote rejected] main -> main");
        assertThat(currentVersion(app.app())).as("no release from the refused push").isEqualTo(live);
        assertThat(get(app.app(), "/").statusCode()).isEqualTo(200);
        return refused.output();
    }

    private static int currentVersion(String app) throws Exception {
        return mapper.readTree(paas.run("releases:info", "-a", app, "--json").stdout()).get("version").asInt();
    }

    private static String timedPush(String app, Path repo, String which) throws Exception {
        long started = System.nanoTime();
        PlatformFixture.GitRun push = fixture.git(repo, "push", "paas", "main");
        assertThat(push.exitCode()).as(push.output()).isZero();
        long pushed = System.nanoTime();
        int version = currentVersion(app);
        await().atMost(FIRST_200).pollInterval(Duration.ofMillis(100)).until(() -> webAnswersOnRelease(app, version));
        long answered = System.nanoTime();
        timings.add(String.format("%-14s %-4s git push %5.1f s, push to first 200 %5.1f s", app, which,
                (pushed - started) / 1e9, (answered - started) / 1e9));
        return push.output();
    }

    /**
     * Every web dyno runs {@code version}, and the app answers 200 at /. Asked of the API directly:
     * a CLI process per poll would take the CPU the deploy being timed needs.
     */
    private static boolean webAnswersOnRelease(String app, int version) throws Exception {
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(paasd.apiUrl() + "/apps/" + app + "/dynos"))
                .header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode dynos = mapper.readTree(listed.body());
        boolean onVersion = false;
        for (JsonNode d : dynos) {
            if (d.get("type").asText().equals("web")) {
                if (d.get("release").get("version").asInt() != version || !d.get("state").asText().equals("up")) {
                    return false;
                }
                onVersion = true;
            }
        }
        try {
            return onVersion && get(app, "/").statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static HttpResponse<String> get(String app, String path) throws Exception {
        return send(app, HttpRequest.newBuilder().GET(), path);
    }

    private static HttpResponse<String> send(String app, HttpRequest.Builder request, String path) throws Exception {
        return http.send(request.uri(URI.create("http://127.0.0.1:" + fixture.routerPort() + path))
                .header("Host", app + ".localhost").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
