package paas.api;

import com.github.dockerjava.api.DockerClient;
import io.netty.channel.ChannelHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.auth.Authenticator;
import paas.api.deploy.Deployer;
import paas.api.deploy.DockerBuilds;
import paas.api.deploy.ImageDeploys;
import paas.api.deploy.PlatformGitAccess;
import paas.api.domain.AppName;
import paas.api.domain.DynoSizes;
import paas.api.domain.IssuedToken;
import paas.api.dynos.DeferredAppListener;
import paas.api.dynos.DynoService;
import paas.api.dynos.DynoSupervisor;
import paas.api.dynos.LogSessionService;
import paas.api.dynos.ReleasePhases;
import paas.api.http.Api;
import paas.api.http.ApiServer;
import paas.api.http.Json;
import paas.api.service.AccountService;
import paas.api.service.AppEvent;
import paas.api.service.AppGuard;
import paas.api.service.AppListener;
import paas.api.service.AppService;
import paas.api.service.Services;
import paas.api.store.AppStore;
import paas.api.store.BuildStore;
import paas.api.store.ConfigVarStore;
import paas.api.store.Database;
import paas.api.store.StoreUnavailableException;
import paas.api.store.UserStore;
import paas.api.stream.StreamHandler;
import paas.api.stream.StreamSessions;
import paas.builder.GitLimits;
import paas.builder.docker.DockerBuildConfig;
import paas.builder.docker.DockerBuildRunner;
import paas.builder.docker.DockerClients;
import paas.builder.git.GitHttpHandler;
import paas.builder.git.GitReceiver;
import paas.builder.git.GitRepositories;
import paas.builder.slug.DirectorySlugStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * paasd, the platform daemon: the one composition root. It reads the environment once,
 * opens the store, wires every component with constructors and serves the API until SIGTERM.
 */
public final class Paasd {
    private static final Logger log = LoggerFactory.getLogger("paasd");

    private Paasd() {
    }

    public static void main(String[] args) {
        int code = run(args.length == 0 ? "serve" : args[0], System.getenv());
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String command, Map<String, String> env) {
        switch (command) {
            case "serve":
                return serve(env);
            case "migrate":
                return migrate(env);
            case "router":
                return RouterProcess.run(env);
            case "version", "--version":
                System.out.println("paasd " + version());
                return 0;
            case "help", "--help", "-h":
                System.out.println("""
                        usage: paasd [serve|migrate|router|version]
                          serve    run the platform (the default); PAAS_ROUTER=off leaves serving apps
                                   to separate `paasd router` processes
                          migrate  apply database migrations and exit
                          router   run one more router, fed by a running platform's API
                                   (PAAS_API_URL, PAAS_ROUTER_TOKEN, PAAS_ROUTER_PORT, PAAS_DOMAIN)
                        configured by environment variables; see docs/operations.md""");
                return 0;
            default:
                System.err.println("paasd: unknown command '" + command + "'; run `paasd help`");
                return 2;
        }
    }

    private static int migrate(Map<String, String> env) {
        try {
            PlatformConfig config = PlatformConfig.fromEnvironment(env);
            DataDir.prepare(config.dataDir());
            try (Database db = Database.open(config.database())) {
                log.info("database {} is at schema version {}", config.database(), db.schemaVersion());
            }
            return 0;
        } catch (PlatformConfig.Invalid | StoreUnavailableException | DataDir.Unusable e) {
            log.error("cannot migrate: {}", e.getMessage());
            return 1;
        }
    }

    private static int serve(Map<String, String> env) {
        long started = System.nanoTime();
        PlatformConfig config;
        Database db;
        DockerBuilds buildRunner;
        DirectorySlugStore slugs;
        try {
            config = PlatformConfig.fromEnvironment(env);
            DataDir.prepare(config.dataDir());
            slugs = slugStore(config);
            buildRunner = buildRunner(config, slugs);
            db = Database.open(config.database());
            DataDir.narrowStoreFiles(config.dataDir());
            // Only now: the embedded store's lock shows no other paasd uses this data dir.
            DataDir.emptyScratch(config.dataDir());
        } catch (PlatformConfig.Invalid | DataDir.Unusable | StoreUnavailableException e) {
            log.error("cannot start: {}", e.getMessage());
            return 1;
        }

        DynoSizes sizes = DynoSizes.standard();
        RunningSide running = RunningSide.create(config, db, slugs, sizes);
        GitRepositories repositories = new GitRepositories(config.dataDir().resolve("repos"));
        DeferredAppListener listener = new DeferredAppListener();
        listener.add(event -> {
            switch (event) {
                case AppEvent.Destroyed destroyed -> {
                    deleteRepository(repositories, destroyed.app().value());
                    buildRunner.removeCache(destroyed.app().value());
                }
                case AppEvent.Renamed renamed -> moveRepository(repositories, renamed.from().value(), renamed.app().value());
                default -> {
                }
            }
        });
        Services services = Services.wire(db, config.domain(), sizes, config.maxDynosPerType(), listener,
                RunningSide.drainPolicy(config));
        AccountService accounts = services.accounts();
        ReleasePhases phases = running.releasePhases(services.releases());
        DynoSupervisor supervisor = new DynoSupervisor(running.reader, running.specs, running.reconciler,
                running.runtime, running.routeBook, running.logs, phases, Duration.ofSeconds(30));
        listener.add(supervisor);
        ExecutorService workers = ApiServer.newWorkers();
        Deployer deployer = new Deployer(db, new AppStore(), new UserStore(), new ConfigVarStore(), new BuildStore(),
                services.releases(), buildRunner, new Deployer.Limits(config.buildTimeout(), config.maxSlugBytes()),
                services.apps(), config.webUrlTemplate(), AppService.STACK, running.deployGate(phases), listener,
                (app, line) -> running.logs.publish(new paas.logs.LogLine(java.time.Instant.now(), app,
                        paas.logs.Source.BUILD, "build", line)));
        GitReceiver git = new GitReceiver(repositories, new PlatformGitAccess(accounts, services.apps()),
                deployer, GitLimits.defaults(), DataDir.scratch(config.dataDir()).resolve("git"), workers);

        Optional<IssuedToken> adminToken = accounts.bootstrapAdmin(config.adminEmail(), config.adminToken());
        adminToken.filter(t -> config.adminToken().isEmpty()).ifPresent(t -> log.info(
                "created admin {}; its API token, shown only this once: {}  (log in with: bin/paas login --token {})",
                t.user().email(), t.secret(), t.secret()));

        Authenticator authenticator = new Authenticator(accounts);
        StreamSessions sessions = new StreamSessions(authenticator, running.logs, Clock.systemUTC());
        AppGuard guard = new AppGuard(new AppStore());
        DynoService dynos = new DynoService(db, guard, running.reader, running.specs, running.reconciler,
                running.runtime, sizes, sessions, running.logs, Clock.systemUTC());
        Api.Running runningApi = new Api.Running(dynos, new LogSessionService(db, guard, sessions), config.apiBaseUrl(),
                running.routeBook, running.logs, running.orphans,
                new ImageDeploys(db, guard, services.releases(), buildRunner, listener));
        Json json = new Json();
        ApiServer server;
        try {
            server = ApiServer.start(config.apiHost(), config.apiPort(),
                    Api.endpoints(services, json, config.gitBaseUrl(), config.webUrlTemplate(), runningApi),
                    authenticator, json,
                    new ApiServer.Streaming(List.<Supplier<ChannelHandler>>of(git::newHandler,
                                    () -> new StreamHandler(sessions, workers, json)),
                            ch -> Boolean.TRUE.equals(ch.attr(GitHttpHandler.BUSY).get())
                                    || StreamHandler.isBusy(ch)),
                    workers);
        } catch (Exception e) {
            log.error("cannot start: cannot listen on {}:{} (PAAS_API_PORT): {}; stop what uses the port or set"
                    + " PAAS_API_PORT to another one", config.apiHost(), config.apiPort(), e.getMessage());
            running.close();
            db.close();
            return 1;
        }

        // After the API: a second paasd started by mistake stops at the API port, before it
        // touches a build or a dyno.
        failInterruptedBuilds(db);
        try {
            running.start(config, supervisor);
        } catch (Exception e) {
            log.error("cannot start: cannot listen on port {} (PAAS_ROUTER_PORT): {}; stop what uses the port, set"
                    + " PAAS_ROUTER_PORT to another one, or set PAAS_ROUTER=off where a separate `paasd router`"
                    + " serves it", config.routerPort(), e.getMessage());
            closeQuietly(server);
            running.close();
            db.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        new Shutdown(config.stopGrace().plus(Shutdown.MARGIN), () -> {
            log.info("shutting down: finishing requests in flight, stopping local dynos (SIGTERM, SIGKILL after {} s)",
                    config.stopGrace().toSeconds());
            // Side by side: requests may take up to 10 s, dynos up to the stop grace.
            Thread api = Thread.ofPlatform().name("paasd-stop-api").start(() -> closeQuietly(server));
            try {
                running.close();
                api.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                db.close();
                log.info("stopped");
                stopped.countDown();
            }
        }, running::forceStop).install();

        log.info("paasd {} listening on http://{}:{} router={} runtime={} store={} data_dir={} domain={} started_in_ms={}",
                version(), config.apiHost(), server.port(), running.routerDescription(), running.runtime.name(),
                config.database().isEmbedded() ? "h2" : "postgresql", config.dataDir(), config.domain(),
                (System.nanoTime() - started) / 1_000_000);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void failInterruptedBuilds(Database db) {
        int interrupted = db.inTransaction(c -> new BuildStore().failInterrupted(c,
                " !     paasd stopped while this build ran; push again to deploy\n",
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        if (interrupted > 0) {
            log.info("marked {} build(s) failed that were running when paasd last stopped", interrupted);
        }
    }

    private static void closeQuietly(ApiServer server) {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static DirectorySlugStore slugStore(PlatformConfig config) {
        try {
            return new DirectorySlugStore(config.dataDir());
        } catch (IOException e) {
            throw new DataDir.Unusable("cannot create the slug store in PAAS_DATA_DIR=" + config.dataDir() + ": "
                    + e.getMessage());
        }
    }

    private static DockerBuilds buildRunner(PlatformConfig config, DirectorySlugStore slugs) {
        DockerClient docker = DockerClients.connect(config.dockerHost());
        // Owned per data dir, so a paasd cleaning up after itself never touches another platform's builds.
        DockerBuildConfig buildConfig = DockerBuildConfig.defaults(DataDir.scratch(config.dataDir()).resolve("builds"))
                .withOwner(RunningSide.platformName(config.dataDir()))
                .withBuildpackRoots(config.buildpackDirs());
        DockerBuilds builds = new DockerBuilds(docker, config.dockerHost(), buildConfig,
                new DockerBuildRunner(docker, buildConfig, slugs));
        // Off the start-up path: the engine may be slow or absent, and nothing waits for this.
        Thread.ofVirtual().name("build-cleanup").start(() -> {
            int leftovers = builds.removeLeftovers();
            if (leftovers > 0) {
                log.info("removed {} build containers left by an earlier paasd", leftovers);
            }
        });
        return builds;
    }

    private static void moveRepository(GitRepositories repositories, String from, String to) {
        try {
            repositories.rename(from, to);
        } catch (IOException e) {
            log.warn("app {} renamed to {}, but its git repository could not be moved: {}", from, to, e.getMessage());
        }
    }

    private static void deleteRepository(GitRepositories repositories, String app) {
        try {
            repositories.delete(app);
        } catch (IOException e) {
            log.warn("app {} destroyed, but its git repository could not be removed: {}", app, e.getMessage());
        }
    }

    private static String version() {
        String v = Paasd.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
