package paas.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.deploy.DockerBuilds;
import paas.api.domain.IssuedToken;
import paas.api.service.AccountService;
import paas.api.store.BuildStore;
import paas.api.store.Database;
import paas.api.store.StoreUnavailableException;
import paas.api.store.UnknownKeyException;
import paas.builder.slug.DirectorySlugStore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * paasd, the platform daemon's entry point: it reads the environment once, opens the data dir
 * and the store, has {@link Platform} build every part, and serves until SIGTERM.
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
            case "rotate-key":
                return KeyRotation.run(env);
            case "version", "--version":
                System.out.println("paasd " + version());
                return 0;
            case "help", "--help", "-h":
                System.out.println("""
                        usage: paasd [serve|migrate|router|rotate-key|version]
                          serve    run the platform (the default); PAAS_ROUTER=off leaves serving apps
                                   to separate `paasd router` processes
                          migrate  apply database migrations and exit
                          router   run one more router, fed by a running platform's API
                                   (PAAS_API_URL, PAAS_ROUTER_TOKEN, PAAS_ROUTER_PORT, PAAS_DOMAIN)
                          rotate-key  re-seal every secret (config, drain URLs, keys, add-on passwords) with a new platform key
                                   (a new key file, or PAAS_SECRET_KEY with the old one in
                                   PAAS_SECRET_KEY_OLD); run it with paasd stopped, again if interrupted
                        configured by environment variables; see docs/operations.md""");
                return 0;
            default:
                System.err.println("paasd: unknown command '" + command + "'; run `paasd help`");
                return 2;
        }
    }

    private static int migrate(Map<String, String> env) {
        PlatformKeys keys = null;
        try {
            PlatformConfig config = PlatformConfig.fromEnvironment(env);
            DataDir.prepare(config.dataDir());
            keys = PlatformKeys.forServing(config);
            try (Database db = Database.open(config.database(), keys.box())) {
                log.info("database {} is at schema version {}", config.database(), db.schemaVersion());
            }
            return 0;
        } catch (UnknownKeyException e) {
            log.error("cannot migrate: {}", keys.unknownKeyFix(e));
            return 1;
        } catch (PlatformConfig.Invalid | StoreUnavailableException | DataDir.Unusable | PlatformKeys.Unusable e) {
            log.error("cannot migrate: {}", e.getMessage());
            return 1;
        }
    }

    private static int serve(Map<String, String> env) {
        long started = System.nanoTime();
        PlatformConfig config;
        Database db;
        DockerBuilds builds;
        PlatformKeys keys = null;
        try {
            config = PlatformConfig.fromEnvironment(env);
            DataDir.prepare(config.dataDir());
            keys = PlatformKeys.forServing(config);
            DirectorySlugStore slugs = Platform.slugStore(config);
            Optional<paas.api.prepare.StackPreparer> stack = Platform.stackPreparer(config);
            builds = Platform.builds(config, slugs, stack.<paas.api.deploy.BuildStack>map(s -> s)
                    .orElse(paas.api.deploy.BuildStack.MANAGED_ELSEWHERE));
            db = Database.open(config.database(), keys.box());
            DataDir.narrowStoreFiles(config.dataDir());
            // Only now: the embedded store's lock shows no other paasd uses this data dir.
            DataDir.emptyScratch(config.dataDir());
            Platform platform = Platform.assemble(config, db, slugs, builds, stack);
            return serve(config, db, platform, started);
        } catch (UnknownKeyException e) {
            log.error("cannot start: {}", keys.unknownKeyFix(e));
            return 1;
        } catch (PlatformConfig.Invalid | DataDir.Unusable | StoreUnavailableException | PlatformKeys.Unusable
                 | paas.api.certs.PlatformCertificates.Unusable e) {
            log.error("cannot start: {}", e.getMessage());
            return 1;
        }
    }

    private static int serve(PlatformConfig config, Database db, Platform platform, long started) {
        AccountService accounts = platform.services().accounts();
        Optional<IssuedToken> adminToken = accounts.bootstrapAdmin(config.adminEmail(), config.adminToken());
        adminToken.filter(t -> config.adminToken().isEmpty()).ifPresent(t -> log.info(
                "created admin {}; its API token, shown only this once: {}  (log in with: bin/paas login --token {})",
                t.user().email(), t.secret(), t.secret()));
        int apiPort;
        try {
            apiPort = platform.listen();
        } catch (Exception e) {
            log.error("cannot start: cannot listen on {}:{} (PAAS_API_PORT): {}; stop what uses the port or set"
                    + " PAAS_API_PORT to another one", config.apiHost(), config.apiPort(), e.getMessage());
            closeQuietly(platform, db);
            return 1;
        }

        // After the API: a second paasd started by mistake stops at the API port, before it
        // touches a build or a dyno.
        failInterruptedBuilds(db);
        try {
            platform.start();
        } catch (Exception e) {
            log.error("cannot start: cannot listen on port {} (PAAS_ROUTER_PORT) or {} (PAAS_ROUTER_TLS_PORT): {};"
                    + " stop what uses the port, set PAAS_ROUTER_PORT to another one, or set PAAS_ROUTER=off where a"
                    + " separate `paasd router` serves it", config.routerPort(),
                    config.tls().routerTlsPort().map(String::valueOf).orElse("none"), e.getMessage());
            closeQuietly(platform, db);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        new Shutdown(config.stopGrace().plus(Shutdown.MARGIN), () -> {
            log.info("shutting down: finishing requests in flight, stopping local dynos (SIGTERM, SIGKILL after {} s)",
                    config.stopGrace().toSeconds());
            closeQuietly(platform, db);
            log.info("stopped");
            stopped.countDown();
        }, platform::forceStop).install();

        log.info("paasd {} listening on http://{}:{} router={} runtime={} store={} data_dir={} domain={} started_in_ms={}",
                version(), config.apiHost(), apiPort, platform.routerDescription(), platform.runtimeName(),
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

    /** Stops the platform, then closes the store it wrote to. */
    private static void closeQuietly(Platform platform, Database db) {
        try {
            platform.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            db.close();
        }
    }

    private static String version() {
        String v = Paasd.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
