package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import paas.api.TestDatabases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One platform for the end-to-end suites ({@link NewcomerPathIT}, {@link TwelveFactorIT}): the
 * built bin/paasd on a fresh data dir, started as a newcomer starts it (no PAAS_ADMIN_TOKEN, so
 * the admin token is the one paasd prints on its first start), shared by every class that asks
 * for it and stopped when the test run ends. Each class then pays for its own app, not for a
 * platform. Classes get it as a parameter of their {@code @BeforeAll} through {@link Extension}.
 */
final class EndToEndPlatform implements AutoCloseable {
    /** The fixture app every end-to-end test pushes (see its README). */
    static final Path FIXTURE_APP = Path.of("src/test/resources/apps/visit-counter");
    /** How long a dyno has between SIGTERM and SIGKILL here: the fixture app stops in well under it. */
    static final int STOP_GRACE_SECONDS = 8;

    private static final Pattern FIRST_START_TOKEN = Pattern.compile("its API token, shown only this once: (\\S+)");

    /** Resolves {@link EndToEndPlatform} parameters with the one platform of the test run. */
    static final class Extension implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EndToEndPlatform.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == EndToEndPlatform.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // The root store outlives every class and closes what it holds (AutoCloseable) at the end of the run.
            return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(EndToEndPlatform.class, k -> {
                try {
                    return start();
                } catch (Exception e) {
                    throw new IllegalStateException("the end-to-end platform did not start: " + e.getMessage(), e);
                }
            }, EndToEndPlatform.class);
        }
    }

    final PlatformFixture fixture;
    final PaasdProcess paasd;
    private final String firstStartToken;
    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private EndToEndPlatform(PlatformFixture fixture, PaasdProcess paasd, String firstStartToken) {
        this.fixture = fixture;
        this.paasd = paasd;
        this.firstStartToken = firstStartToken;
    }

    private static EndToEndPlatform start() throws Exception {
        long started = System.nanoTime();
        PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2);
        fixture.env.remove("PAAS_ADMIN_TOKEN");
        fixture.env.put("PAAS_STOP_GRACE_SECONDS", Integer.toString(STOP_GRACE_SECONDS));
        fixture.env.put("PAAS_ALLOW_LOCAL_DRAINS", "true"); // the logs test's drain listens on this host
        PaasdProcess paasd;
        try {
            paasd = fixture.startPaasd();
        } catch (Throwable e) {
            fixture.close();
            throw e;
        }
        String token = paasd.output().stream().map(FIRST_START_TOKEN::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).findFirst().orElse(null);
        if (token == null) {
            paasd.close();
            fixture.close();
            throw new AssertionError("paasd printed no admin token on its first start:\n" + String.join("\n", paasd.output()));
        }
        System.out.printf("EndToEndPlatform: paasd up in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return new EndToEndPlatform(fixture, paasd, token);
    }

    /** The admin token paasd printed when it first started on this data dir. */
    String firstStartToken() {
        return firstStartToken;
    }

    String apiUrl() {
        return paasd.apiUrl();
    }

    /** The real bin/paas, run in {@code dir} (an app's checkout) as this platform's user. */
    PaasCli cli(Path dir) {
        return new PaasCli(fixture.home, dir, paasd.apiUrl());
    }

    /** A fresh git repository holding the fixture app, one commit on branch main, in the work dir. */
    Path checkoutFixtureApp(String name) throws Exception {
        Path repo = fixture.workDir.resolve(name);
        try (var paths = Files.walk(FIXTURE_APP)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = repo.resolve(FIXTURE_APP.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "visit-counter 1.4.0");
        return repo;
    }

    /** The real git in {@code repo}; fails the test unless it exits 0. */
    String git(Path repo, String... args) throws Exception {
        PlatformFixture.GitRun run = fixture.git(repo, args);
        assertThat(run.exitCode()).as("git %s:%n%s", String.join(" ", args), run.output()).isZero();
        return run.output();
    }

    /** The label value on this platform's dyno containers and add-ons. */
    String platformLabel() {
        return fixture.platformLabel();
    }

    Path dataDir() {
        return fixture.dataDir;
    }

    /** A GET through the router with {@code host} as the Host header. */
    HttpResponse<String> get(String host, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.routerPort() + path))
                .header("Host", host).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a GET of the app's {@code APP.localhost} through the router, which must answer 200. */
    String body(String app, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(app + ".localhost", path);
        assertThat(r.statusCode()).as("GET %s of %s: %s", path, app, r.body()).isEqualTo(200);
        return r.body().strip();
    }

    /**
     * A call to the platform's HTTP API with the admin token, for the tests' own checks and polls
     * (what the user does goes through bin/paas): a CLI process per poll would take the CPU the
     * deploy being waited for needs. Fails unless it answers 2xx.
     */
    JsonNode api(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(paasd.apiUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + firstStartToken).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isBetween(200, 299);
        return mapper.readTree(r.body());
    }

    /** The app's dynos as the API lists them. */
    JsonNode dynos(String app) throws IOException, InterruptedException {
        return api("GET", "/apps/" + app + "/dynos", null);
    }

    /** The version of the app's current release. */
    int currentVersion(String app) throws IOException, InterruptedException {
        for (JsonNode release : api("GET", "/apps/" + app + "/releases", null)) {
            if (release.get("current").asBoolean()) {
                return release.get("version").asInt();
            }
        }
        throw new AssertionError(app + " has no current release");
    }

    /** The app's last 1500 log lines, read through a log session as `paas logs -n 1500` reads them. */
    String log(String app) throws IOException, InterruptedException {
        String url = api("POST", "/apps/" + app + "/log-sessions", "{\"lines\": 1500}").get("logplex_url").asText();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + firstStartToken).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    /** Waits until the app runs {@code count} dynos on its current release and no older one is left. */
    void awaitCurrentFormation(String app, int count) throws IOException, InterruptedException {
        awaitFormationOn(app, currentVersion(app), count);
    }

    /**
     * Waits until the app runs {@code count} dynos, all up and on release {@code version}, and no
     * container of an older release is left (the old ones are stopped after the new ones are up).
     */
    void awaitFormationOn(String app, int version, int count) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            int current = 0;
            JsonNode dynos = dynos(app);
            for (JsonNode d : dynos) {
                current += d.get("release").get("version").asInt() == version && d.get("state").asText().equals("up") ? 1 : 0;
            }
            return current == count && dynos.size() == count && containers(app, "").size() == count;
        });
    }

    /** The app's running containers of process type {@code type} (all types when empty), by label. */
    java.util.List<String> containers(String app, String type) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("ps", "-q", "--no-trunc",
                "--filter", "label=paas.platform=" + platformLabel(), "--filter", "label=paas.app=" + app));
        if (!type.isEmpty()) {
            args.addAll(java.util.List.of("--filter", "label=paas.type=" + type));
        }
        return docker(args.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Waits until the app's log (the last 1500 lines) holds every one of {@code fragments}. */
    void awaitInLog(String app, String... fragments) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(log(app)).contains(fragments));
    }

    static PaasCli.Result ok(PaasCli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    static String docker(String... args) {
        try {
            return PlatformFixture.docker(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception { // Exception: JUnit's store closes it, and fixture.close() throws it
        try {
            paasd.close();
            // What paasd said, for a failure in CI (the data dir goes with the fixture).
            Files.write(Path.of("target/end-to-end-paasd.log"), paasd.output());
        } finally {
            http.close();
            fixture.close();
        }
    }
}
