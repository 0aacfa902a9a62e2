package paas.api.deploy;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.api.TestDatabases;
import paas.api.auth.AuthBackoff;
import paas.api.auth.Authenticator;
import paas.api.domain.Build;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.http.Api;
import paas.api.http.ApiServer;
import paas.api.http.Json;
import paas.api.service.AppListener;
import paas.api.service.AppService;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.api.store.ListRange;
import paas.builder.BuildFailedException;
import paas.builder.BuildRequest;
import paas.builder.BuildResult;
import paas.builder.BuildRunner;
import paas.builder.GitLimits;
import paas.builder.Slug;
import paas.builder.git.GitHttpHandler;
import paas.builder.git.GitReceiver;
import paas.builder.git.GitRepositories;
import paas.logs.DrainPolicy;
import paas.vocabulary.DynoSize;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push with the real git binary through the platform's HTTP port becomes a build, a slug
 * record and a release. The build runner here is a recording fake (the Docker one has its own
 * integration tests); everything else is the real thing.
 */
class DeployThroughGitTest {
    private static final String TOKEN = "paas_deploy_test_admin_token_0001";

    @TempDir
    Path tmp;

    private final TestDatabases databases = new TestDatabases();
    private Database db;
    private Services services;
    private ApiServer server;
    private User admin;
    private volatile BuildRunner runner;
    private Path work;
    private Path home;

    @BeforeEach
    void start() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        GitRepositories repositories = new GitRepositories(tmp.resolve("repos"));
        services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults().withDynosPerType(100), event -> {
            if (!(event instanceof paas.api.service.AppEvent.Destroyed destroyed)) {
                return;
            }
            try {
                repositories.delete(destroyed.app().value());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, DrainPolicy.allowingLoopback());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(TOKEN));
        admin = services.accounts().authenticate(TOKEN).orElseThrow();
        BuildRunner delegating = (request, output) -> runner.build(request, output);
        Deployer deployer = new Deployer(new BuildRecords(db), services.releases(), delegating,
                new Deployer.Settings(Duration.ofMinutes(1), 1024 * 1024, AppService.STACK,
                        app -> "http://%s:8080/".formatted(services.apps().defaultHostname(app))),
                ReleaseGate.NONE, AppListener.NONE, BuildLog.NONE,
                new SlugReclaim(db, new paas.api.store.BuildStore(), new paas.api.orphans.SlugFiles() {
                    // The fake runner's slugs have no files: each is there until deleted.
                    private final java.util.Set<String> deleted = java.util.concurrent.ConcurrentHashMap.newKeySet();

                    @Override
                    public java.util.List<String> ids() {
                        return java.util.List.of();
                    }

                    @Override
                    public boolean present(String sha256) {
                        return !deleted.contains(sha256);
                    }

                    @Override
                    public boolean delete(String sha256) {
                        return deleted.add(sha256);
                    }
                }));
        var workers = ApiServer.newWorkers();
        Authenticator authenticator = new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), Clock.systemUTC()));
        GitReceiver git = new GitReceiver(repositories, new PlatformGitAccess(authenticator, services.apps()),
                deployer, GitLimits.defaults(), tmp.resolve("scratch"), workers);
        Json json = new Json();
        server = ApiServer.start("127.0.0.1", 0, Api.endpoints(services, json, "http://127.0.0.1", "http://%s:8080/"),
                authenticator, json,
                new ApiServer.Streaming(git::newHandler, ch -> Boolean.TRUE.equals(ch.attr(GitHttpHandler.BUSY).get())),
                workers);

        home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login admin@paas.test password " + TOKEN + "\n");
        work = Files.createDirectories(tmp.resolve("work"));
        git(work, "init", "-q", "-b", "main");
        Files.writeString(work.resolve("Procfile"), "web: ./server\nworker: ./work\n");
        git(work, "add", ".");
        git(work, "commit", "-q", "-m", "first");
        services.apps().create(admin, Optional.of("shop"));
        services.config().patch(admin, "shop", paas.api.domain.ConfigPatch.of(Map.of("GREETING", "hi")));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        db.close();
        databases.close();
    }

    @Test
    void pushBuildsAndReleasesWithTheCurrentConfig() throws Exception {
        Map<String, BuildRequest> seen = new HashMap<>();
        runner = (request, output) -> {
            seen.put("request", request);
            output.line("-----> Procfile app detected");
            return new BuildResult(new Slug("a".repeat(64), 1234), procfileOf(request.sourceTar()), "procfile");
        };
        GitRun push = git(work, "push", url(), "main");
        assertThat(push.exitCode()).as(push.output()).isZero();
        String sha = git(work, "rev-parse", "HEAD").output().strip();
        assertThat(push.output()).contains("remote: -----> Procfile app detected")
                .contains("released v3").contains("http://shop.paas.test:8080/ deployed to paas");

        assertThat(seen.get("request").configVars()).containsEntry("GREETING", "hi");
        assertThat(seen.get("request").commit()).isEqualTo(sha);
        Release release = services.releases().get(admin, "shop", "v3");
        assertThat(release.description()).isEqualTo("Deploy " + sha.substring(0, 7));
        assertThat(release.processTypes()).containsEntry("web", "./server").containsEntry("worker", "./work");
        assertThat(release.slugId()).isNotNull();
        assertThat(services.builds().slug(admin, "shop", release.slugId().toString()).sha256()).isEqualTo("a".repeat(64));
        assertThat(services.releases().configOf(admin, "shop", "v3").values()).containsEntry("GREETING", "hi");
        assertThat(services.formation().list(admin, "shop")).extracting(e -> e.type().value() + "=" + e.quantity())
                .containsExactly("web=1", "worker=0");
        List<Build> builds = services.builds().list(admin, "shop");
        assertThat(builds).extracting(Build::status).containsExactly(Build.Status.SUCCEEDED);
        assertThat(services.builds().output(admin, "shop", builds.getFirst().id().toString()))
                .contains("Procfile app detected");

        services.config().patch(admin, "shop", paas.api.domain.ConfigPatch.of(Map.of("MORE", "1")));
        Release afterConfig = services.releases().get(admin, "shop", "v4");
        assertThat(afterConfig.slugId()).as("a config change keeps the slug").isEqualTo(release.slugId());
        assertThat(afterConfig.processTypes()).containsKey("worker");
    }

    @Test
    void failedBuildRejectsThePushRecordsItAndMakesNoRelease() throws Exception {
        runner = (request, output) -> {
            output.line("-----> Node.js app detected");
            output.line("       npm ERR! missing script: build");
            throw new BuildFailedException("the nodejs buildpack failed to compile the app");
        };
        GitRun push = git(work, "push", url(), "main");
        assertThat(push.exitCode()).isNotZero();
        assertThat(push.output()).contains("remote:        npm ERR! missing script: build")
                .contains("the nodejs buildpack failed").contains("[remote rejected] main -> main (build failed)");
        assertThat(services.releases().list(admin, "shop", ListRange.all(false)).items()).hasSize(2);
        List<Build> builds = services.builds().list(admin, "shop");
        assertThat(builds).extracting(Build::status).containsExactly(Build.Status.FAILED);
        assertThat(services.builds().output(admin, "shop", builds.getFirst().id().toString())).contains("npm ERR!");
        assertThat(services.formation().list(admin, "shop")).isEmpty();
    }

    @Test
    void anotherUsersTokenCannotPush() throws Exception {
        runner = (request, output) -> {
            throw new AssertionError("no build may start");
        };
        String other = services.accounts().createUser(admin, "other@paas.test").secret();
        Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login other@paas.test password " + other + "\n");
        GitRun push = git(work, "push", url(), "main");
        assertThat(push.exitCode()).isNotZero();
        assertThat(push.output()).contains("403");
        Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login x password paas_wrong_token_000000000\n");
        assertThat(git(work, "push", url(), "main").exitCode()).isNotZero();
        assertThat(services.builds().list(admin, "shop")).isEmpty();
    }

    @Test
    void aDisabledUsersTokenNoLongerReachesTheirRepository() throws Exception {
        var other = services.accounts().createUser(admin, "pusher@paas.test");
        services.apps().create(other.user(), Optional.of("pushers"));
        Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1 login pusher@paas.test password "
                + other.secret() + "\n");
        String repo = "http://127.0.0.1:" + server.port() + "/pushers.git";
        assertThat(git(work, "ls-remote", repo).exitCode()).isZero();
        services.accounts().setDisabled(admin, "pusher@paas.test", true);
        GitRun refused = git(work, "ls-remote", repo);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).containsAnyOf("Authentication failed", "401", "could not read Username");
        services.accounts().setDisabled(admin, "pusher@paas.test", false);
        assertThat(git(work, "ls-remote", repo).exitCode()).isZero();
    }

    @Test
    void badTokensOverGitBackOffTheAddressForGitAndTheApiAlike() throws Exception {
        // Its own loopback address, so the back-off does not touch the other tests' 127.0.0.1.
        HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.31")).build();
        String refs = "http://127.0.0.1:" + server.port() + "/shop.git/info/refs?service=git-upload-pack";
        for (int i = 0; i < AuthBackoff.Policy.defaults().freeFailures(); i++) {
            assertThat(get(client, refs, "paas_not-a-token-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> blocked = get(client, refs, TOKEN);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).contains("1");
        assertThat(blocked.body()).contains("even with a correct token");
        assertThat(get(client, "http://127.0.0.1:" + server.port() + "/apps", TOKEN).statusCode())
                .as("one back-off for git and the API").isEqualTo(429);
        assertThat(git(work, "ls-remote", url()).exitCode()).as("other addresses go on").isZero();
    }

    private static HttpResponse<String> get(HttpClient client, String url, String token) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("x:" + token).getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void destroyingTheAppRemovesItsRepository() throws Exception {
        runner = (request, output) -> new BuildResult(new Slug("b".repeat(64), 1), Map.of(), "procfile");
        assertThat(git(work, "push", url(), "main").exitCode()).isZero();
        assertThat(tmp.resolve("repos/shop.git")).isDirectory();
        services.apps().destroy(admin, "shop");
        assertThat(tmp.resolve("repos/shop.git")).doesNotExist();
    }

    private String url() {
        return "http://127.0.0.1:" + server.port() + "/shop.git";
    }

    private static Map<String, String> procfileOf(Path tar) {
        Map<String, String> types = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.getName().equals("Procfile")) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        String[] kv = line.split(":\\s*", 2);
                        types.put(kv[0], kv[1]);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return types;
    }

    private record GitRun(int exitCode, String output) {
    }

    private GitRun git(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=T", "-c", "user.email=t@example.com",
                "-c", "credential.helper="));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home == null ? tmp.toString() : home.toString());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new GitRun(p.exitValue(), out);
    }
}
