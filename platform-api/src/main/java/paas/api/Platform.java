package paas.api;

import com.github.dockerjava.api.DockerClient;
import io.netty.channel.ChannelHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.addons.AddonLog;
import paas.api.addons.AddonProviders;
import paas.api.addons.AddonService;
import paas.api.addons.AddonTools;
import paas.api.addons.BackupScheduler;
import paas.api.addons.PgBackups;
import paas.api.auth.AuthBackoff;
import paas.api.auth.Authenticator;
import paas.api.deploy.BuildRecords;
import paas.api.deploy.Deployer;
import paas.api.deploy.DockerBuilds;
import paas.api.deploy.ImageDeploys;
import paas.api.deploy.PlatformGitAccess;
import paas.api.deploy.SlugReclaim;
import paas.api.deploy.SourceCleanup;
import paas.api.domain.DynoSizes;
import paas.api.domain.HostCapacity;
import paas.api.dynos.AppStateReader;
import paas.api.dynos.DeployReleaseGate;
import paas.api.dynos.DynoService;
import paas.api.dynos.DynoSupervisor;
import paas.api.dynos.LogSessionService;
import paas.api.dynos.ReleaseOutputLinks;
import paas.api.dynos.ReleasePhaseResults;
import paas.api.dynos.ReleasePhases;
import paas.api.dynos.ReleaseSpecs;
import paas.api.dynos.RouteBook;
import paas.api.http.Api;
import paas.api.http.ApiRateLimit;
import paas.api.http.ApiServer;
import paas.api.http.ForwardedFor;
import paas.api.http.Endpoints;
import paas.api.http.Json;
import paas.api.orphans.Orphans;
import paas.api.prepare.EngineStackChecks;
import paas.api.prepare.StackPreparation;
import paas.api.prepare.StackPreparer;
import paas.api.prepare.StackScripts;
import paas.api.deploy.BuildStack;
import paas.api.orphans.SlugFiles;
import paas.api.service.AppGuard;
import paas.api.service.AppListener;
import paas.api.service.AppService;
import paas.api.service.Services;
import paas.api.service.AcmeCertificates;
import paas.api.service.CertificateService;
import paas.api.certs.AcmeManager;
import paas.api.certs.CertificateFeed;
import paas.api.certs.PlatformCertificates;
import paas.api.store.CertificateStore;
import paas.api.store.DomainStore;
import paas.api.tls.AcmeIssuer;
import paas.api.tls.CertificateChecks;
import paas.api.tls.CheckedCertificate;
import paas.api.tls.HostnameMatch;
import paas.router.tls.AcmeChallenges;
import paas.router.tls.CertificateBook;
import paas.router.tls.RouterTls;
import paas.router.tls.ServerCertificate;
import paas.api.store.AppStore;
import paas.api.store.BuildStore;
import paas.api.store.Database;
import paas.api.store.ReleaseStore;
import paas.api.stream.OpenStreams;
import paas.api.stream.BackupDownloadHandler;
import paas.api.stream.StreamHandler;
import paas.api.stream.StreamSessions;
import paas.builder.GitLimits;
import paas.builder.buildpack.BuildpackCatalog;
import paas.builder.docker.DockerBuildConfig;
import paas.builder.docker.DockerBuildRunner;
import paas.builder.docker.DockerClients;
import paas.builder.git.GitHttpHandler;
import paas.builder.git.GitReceiver;
import paas.builder.git.GitRepositories;
import paas.builder.slug.DirectorySlugStore;
import paas.logs.DrainPolicy;
import paas.logs.LogLine;
import paas.logs.LogRouter;
import paas.logs.LogRouterConfig;
import paas.logs.Source;
import paas.logs.router.MemoryLogRouter;
import paas.process.PlatformLog;
import paas.process.Readiness;
import paas.process.Reconciler;
import paas.process.ReconcilerConfig;
import paas.process.Runtime;
import paas.process.addons.AddonRuntime;
import paas.process.local.LocalRuntime;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.proxy.RouterServer;
import paas.vocabulary.DynoSize;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * paasd's composition: {@link #assemble} builds every part with constructors, in the order they
 * depend on each other, read top to bottom. {@link #listen} opens the API, {@link #start} starts
 * running apps, and {@link #close} stops it all in reverse order: containers keep running (the next
 * paasd adopts them), local dynos are stopped (SIGTERM, SIGKILL after the stop grace).
 */
final class Platform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("paasd");
    /**
     * A replaced web dyno keeps running this long after it left the route table, so the requests
     * the router sent it just before finish instead of being cut by SIGTERM.
     */
    static final Duration ROUTE_DRAIN = Duration.ofSeconds(3);
    /** How often the supervisor reads every app's state again, whatever events it was told. */
    static final Duration RESYNC = Duration.ofSeconds(30);
    /** How long an ACME challenge, and then the order, may take before the order fails. */
    static final Duration ACME_WAIT = Duration.ofMinutes(2);
    /** A TLS client that has not finished its handshake by then is closed. */
    static final Duration TLS_HANDSHAKE = Duration.ofSeconds(10);

    /** The router's TLS side: certificates, HTTP-01 answers, and who keeps them. */
    private record Tls(CertificateBook book, AcmeChallenges challenges, CertificateFeed feed, AcmeManager acm,
                       RouteBook routes) {
    }

    /** The add-on service and the runtime its containers run on (none with local dynos). */
    private record Addons(AddonService service, Optional<AddonRuntime> runtime, BackupScheduler backups) {
    }

    /** How often orphans are looked for, and those past their grace period removed. */
    static final Duration ORPHAN_SWEEP = Duration.ofMinutes(10);

    private final PlatformConfig config;
    private final LogRouter logs;
    private final Runtime runtime;
    private final RouteTable routes;
    private final Reconciler reconciler;
    private final DynoSupervisor supervisor;
    private final Orphans orphans;
    private final Services services;
    private final Authenticator authenticator;
    private final Json json;
    private final Endpoints endpoints;
    private final ApiServer.Streaming streaming;
    private final ExecutorService workers;
    private final Tls tls;
    private final Addons addons;
    private final Optional<StackPreparer> stack;
    private ApiServer api;
    private RouterServer router;
    private boolean started;

    private Platform(PlatformConfig config, LogRouter logs, Runtime runtime, RouteTable routes, Reconciler reconciler,
                     DynoSupervisor supervisor, Orphans orphans, Services services, Authenticator authenticator,
                     Json json, Endpoints endpoints, ApiServer.Streaming streaming, ExecutorService workers, Tls tls,
                     Addons addons, Optional<StackPreparer> stack) {
        this.stack = stack;
        this.tls = tls;
        this.addons = addons;
        this.config = config;
        this.logs = logs;
        this.runtime = runtime;
        this.routes = routes;
        this.reconciler = reconciler;
        this.supervisor = supervisor;
        this.orphans = orphans;
        this.services = services;
        this.authenticator = authenticator;
        this.json = json;
        this.endpoints = endpoints;
        this.streaming = streaming;
        this.workers = workers;
    }

    /**
     * @param stack the build stack's preparation ({@link #stackPreparer}), started by {@link #start};
     *              none when the operator manages the engine and images
     */
    static Platform assemble(PlatformConfig config, Database db, DirectorySlugStore slugs, DockerBuilds builds,
                             Optional<StackPreparer> stack) {
        Clock clock = Clock.systemUTC();
        DynoSizes sizes = DynoSizes.standard().on(HostCapacity.ofThisMachine());

        // The log router first: every part below writes to it.
        LogRouter logs = new MemoryLogRouter(LogRouterConfig.builder().drainPolicy(drainPolicy(config)).build());

        // Running apps: the runtime, the route table the router serves, the reconciler that keeps
        // each app's dynos as its formation says, and the supervisor that feeds it from the store.
        Runtimes.Chosen chosen = Runtimes.choose(config,
                (app, dyno, line) -> logs.publish(new LogLine(Instant.now(), app, Source.APP, dyno, line)));
        Runtime runtime = chosen.runtime();
        RouteTable routes = new RouteTable(config.domain());
        RouteBook routeBook = new RouteBook(routes);
        Reconciler reconciler = new Reconciler(runtime, clock, ReconcilerConfig.defaults()
                .withBootTimeout(config.bootTimeout()).withStopGrace(config.stopGrace()).withRouteDrain(ROUTE_DRAIN),
                Readiness.tcpConnect(Duration.ofMillis(500)), routeBook,
                PlatformLog.to((app, dyno, text) -> logs.publish(new LogLine(Instant.now(), app, Source.PAAS, dyno, text))));
        ReleaseSpecs specs = new ReleaseSpecs(slugs::path, sizes);
        AppStateReader reader = new AppStateReader(db);
        ReleasePhases phases = new ReleasePhases(runtime, specs, new ReleasePhaseResults(db, new ReleaseStore(db.secrets())), logs);
        DynoSupervisor supervisor = new DynoSupervisor(reader, specs, reconciler, runtime, routeBook, logs, phases,
                RESYNC);
        Orphans orphans = new Orphans(db, Runtimes.platformName(config.dataDir()), runtime,
                h -> reconciler.dynos(h.app()).stream().anyMatch(d -> h.id().equals(d.id())), SlugFiles.in(slugs), clock,
                config.orphanGrace());

        // The control plane: its services tell the dyno side and the git side of every committed change,
        // and the open streams of every token revoked and user disabled or destroyed (which ends them).
        GitRepositories repositories = new GitRepositories(config.dataDir().resolve("repos"));

        // Certificates: the book the router's TLS port presents, kept as the store says (each app's
        // certificates for its own domains, the platform's fallback for the rest), the HTTP-01
        // answers its plain port gives, and ACM, which orders certificates from the ACME server.
        CertificateBook certificateBook = new CertificateBook();
        AcmeChallenges challenges = new AcmeChallenges();
        CertificateStore certificateStore = new CertificateStore(db.secrets());
        PlatformCertificates platformCertificates = new PlatformCertificates(db, clock);
        CheckedCertificate fallback = platformCertificates.fallback(config.tls().certFile(), config.tls().keyFile(),
                config.domain());
        certificateBook.setFallback(new ServerCertificate(fallback.key(), fallback.chain()));
        CertificateFeed certificateFeed = new CertificateFeed(db, certificateStore, new DomainStore(),
                certificateBook, fallback, clock);
        AcmeIssuer acmeIssuer = new AcmeIssuer(config.tls().acmeDirectory(), config.tls().acmeCaBundle(),
                config.tls().acmeEmail(), platformCertificates.acmeAccountKey(), challenges,
                certificateFeed::challengesChanged, ACME_WAIT);
        AcmeManager acm = new AcmeManager(
                new AcmeCertificates(db, certificateStore, new DomainStore(), new AppStore(),
                        AppListener.all(supervisor, certificateFeed)),
                acmeIssuer, host -> fallback.trusted() && HostnameMatch.anyCovers(fallback.hostnames(), host),
                (app, text) -> logs.publish(new LogLine(Instant.now(), app, Source.PAAS, "acm", text)), clock);

        SlugReclaim slugReclaim = new SlugReclaim(db, new BuildStore(), SlugFiles.in(slugs));
        AppListener appSide = AppListener.all(supervisor, new SourceCleanup(repositories, builds, slugReclaim),
                certificateFeed, acm);
        // Add-ons (only with a Docker engine): their releases go to the same listeners; they follow
        // an app's destroy (settled before its dynos and network go) and rename.
        AddonLog addonLog = (app, text) -> logs.publish(new LogLine(Instant.now(), app.value(), Source.PAAS, "addon", text));
        AddonService addons = new AddonService(db, chosen.addons().map(AddonProviders::standard), addonLog, appSide,
                clock, AddonService.READY_WAIT);
        AppListener listener = AppListener.all(addons.appHook(), appSide);
        PgBackups pgBackups = new PgBackups(db, chosen.addons(), config.dataDir().resolve("addons"),
                config.backups().keepManual(), config.backups().keepScheduled(),
                (app, text) -> logs.publish(new LogLine(Instant.now(), app.value(), Source.PAAS, "backups", text)), clock);
        OpenStreams openStreams = new OpenStreams();
        Services services = Services.wire(db, config.domain(), sizes, config.quotas(), listener,
                drainPolicy(config), new BuildpackCatalog(config.buildpackDirs()), openStreams);

        // Who is calling, for the API, the streams and git alike, with one failed-token back-off.
        Authenticator authenticator = new Authenticator(services.accounts(),
                new AuthBackoff(AuthBackoff.Policy.defaults(), clock));

        // Pushes: git over HTTP, into the deployer, which builds and releases.
        ExecutorService workers = ApiServer.newWorkers();
        Deployer deployer = new Deployer(new BuildRecords(db), services.releases(), builds,
                new Deployer.Settings(config.buildTimeout(), config.maxSlugBytes(), AppService.STACK,
                        app -> config.webUrlTemplate().formatted(services.apps().defaultHostname(app))),
                new DeployReleaseGate(reader, phases), listener,
                (app, line) -> logs.publish(new LogLine(Instant.now(), app, Source.BUILD, "build", line)), slugReclaim);
        GitReceiver git = new GitReceiver(repositories, new PlatformGitAccess(authenticator, services.apps()),
                deployer, GitLimits.defaults(), DataDir.scratch(config.dataDir()).resolve("git"), workers);

        // The API: the streams (logs, one-off dynos), and every endpoint.
        AppGuard guard = new AppGuard(new AppStore());
        ReleaseOutputLinks releaseOutputs = ReleaseOutputLinks.open(db, config.apiBaseUrl(), clock);
        StreamSessions sessions = new StreamSessions(authenticator, logs, openStreams, services.apps()::get,
                releaseOutputs, clock);
        DynoService dynos = new DynoService(db, guard, reader, specs, reconciler, runtime, sizes, sessions, logs, clock);
        Json json = new Json();
        CertificateService certificates = new CertificateService(db, certificateStore, new DomainStore(), new AppStore(),
                new CertificateChecks(config.tls().allowSelfSigned()), clock, listener);
        Endpoints endpoints = Api.endpoints(services, json, config.gitBaseUrl(), config.webUrlTemplate(),
                new Api.Running(dynos, new LogSessionService(db, guard, sessions), config.apiBaseUrl(), routeBook, logs,
                        orphans, new ImageDeploys(db, guard, services.releases(), builds, listener),
                        () -> stack.map(StackPreparer::state), releaseOutputs),
                new Api.Certificates(certificates, acm::statuses, acm::refresh, certificateFeed, challenges),
                new Api.Addons(addons, pgBackups, new AddonTools(db, chosen.addons(), sessions, addonLog)));
        ApiServer.Streaming streaming = new ApiServer.Streaming(
                List.<Supplier<ChannelHandler>>of(git::newHandler, () -> new StreamHandler(sessions, workers, json),
                        () -> new BackupDownloadHandler(authenticator, pgBackups, workers, json)),
                ch -> Boolean.TRUE.equals(ch.attr(GitHttpHandler.BUSY).get()) || StreamHandler.isBusy(ch));

        return new Platform(config, logs, runtime, routes, reconciler, supervisor, orphans, services, authenticator,
                json, endpoints, streaming, workers, new Tls(certificateBook, challenges, certificateFeed, acm, routeBook),
                new Addons(addons, chosen.addons(), new BackupScheduler(pgBackups, clock, config.backups().scheduleTick())),
                stack);
    }

    /**
     * The preparation of what builds need (the Docker engine, the stack images), or none: with
     * PAAS_PREPARE=off the operator manages them, and PAAS_RUNTIME=local is chosen for hosts
     * without an engine.
     */
    static Optional<StackPreparer> stackPreparer(PlatformConfig config) {
        if (!config.prepare() || config.runtime().equals(Optional.of("local"))) {
            return Optional.empty();
        }
        List<String> images = List.of(DockerBuildConfig.DEFAULT_BUILD_IMAGE,
                paas.process.docker.DockerRuntimeConfig.defaults(DataDir.scratch(config.dataDir())).runImage(),
                paas.api.addons.PostgresProvider.IMAGE, paas.api.addons.RedisProvider.IMAGE);
        return Optional.of(new StackPreparer(new StackPreparation(),
                new EngineStackChecks(DockerClients.connect(config.dockerHost()), images),
                StackPreparer.childProcesses(config.dockerHost()),
                new StackPreparer.Settings(StackScripts.near(StackScripts.codeOf(Platform.class)), config.dockerHost(),
                        StackPreparer.runsAsRoot())));
    }

    /**
     * The drain policy of this platform: the one outbound policy (public addresses of other
     * machines only; this host's addresses, the API's host name and the apps' domain refused),
     * unless PAAS_ALLOW_LOCAL_DRAINS says this is a single-machine setup where this machine and
     * its private networks are wanted.
     */
    static DrainPolicy drainPolicy(PlatformConfig config) {
        Set<String> platformNames = config.apiHost().equals("0.0.0.0") || config.apiHost().equals("::")
                ? Set.of(config.domain()) : Set.of(config.apiHost(), config.domain());
        return DrainPolicy.of(config.allowLocalDrains(), platformNames);
    }

    /** The slug store, created in the data dir on first use. */
    static DirectorySlugStore slugStore(PlatformConfig config) {
        try {
            return new DirectorySlugStore(config.dataDir());
        } catch (IOException e) {
            throw new DataDir.Unusable("cannot create the slug store in PAAS_DATA_DIR=" + config.dataDir() + ": "
                    + e.getMessage());
        }
    }

    /** Builds in containers of the docker engine; the containers an earlier paasd left are removed meanwhile. */
    static DockerBuilds builds(PlatformConfig config, DirectorySlugStore slugs, BuildStack stack) {
        DockerClient docker = DockerClients.connect(config.dockerHost());
        // Owned per data dir, so a paasd cleaning up after itself never touches another platform's builds.
        DockerBuildConfig buildConfig = DockerBuildConfig.defaults(DataDir.scratch(config.dataDir()).resolve("builds"))
                .withOwner(Runtimes.platformName(config.dataDir()))
                .withBuildpackRoots(config.buildpackDirs());
        DockerBuilds builds = new DockerBuilds(docker, config.dockerHost(), buildConfig,
                new DockerBuildRunner(docker, buildConfig, slugs), stack);
        // Off the start-up path: the engine may be slow or absent, and nothing waits for this.
        Thread.ofVirtual().name("build-cleanup").start(() -> {
            int leftovers = builds.removeLeftovers();
            if (leftovers > 0) {
                log.info("removed {} build containers left by an earlier paasd", leftovers);
            }
        });
        return builds;
    }

    Services services() {
        return services;
    }

    /** Opens the API (and git and streams) on PAAS_API_HOST:PAAS_API_PORT; answers the port. */
    int listen() throws Exception {
        String routerSide = apiRouteAddress();
        ForwardedFor forwardedFor = new ForwardedFor(
                Set.of(io.netty.util.NetUtil.createInetAddressFromIpAddressString(routerSide)));
        api = ApiServer.start(config.apiHost(), config.apiPort(), endpoints, authenticator, json, streaming, workers,
                forwardedFor, new ApiRateLimit(config.apiRateLimit(), Clock.systemUTC()));
        routeApiThroughRouter(routerSide, api.port());
        return api.port();
    }

    /**
     * Starts running apps: the embedded router first when there is one (so adopted dynos are
     * reachable), then the supervisor and its reconciler, then the orphan sweep (which reports at
     * start and removes only later). With {@code PAAS_ROUTER=off} the route book is served only
     * to separate routers ({@code GET /router/routes}).
     */
    void start() throws InterruptedException {
        tls.feed().refresh();
        if (config.embeddedRouter()) {
            router = RouterServer.start(RouterConfig.defaults().withListen("0.0.0.0", config.routerPort()), routes,
                    line -> logs.publish(new LogLine(line.time(), line.app(), Source.ROUTER, "router", line.text())),
                    config.tls().routerTlsPort().map(port -> new RouterTls("0.0.0.0", port, tls.book(), TLS_HANDSHAKE)),
                    tls.challenges());
        }
        tls.acm().start(config.tls().acmeCheckInterval());
        started = true;
        supervisor.start();
        orphans.start(ORPHAN_SWEEP);
        // Add-ons: their crashes into their apps' logs; what a killed paasd left half-way is finished,
        // the rest adopted, off the start-up path (the engine may be slow).
        addons.runtime().ifPresent(r -> r.onEvent(addons.service().runtimeEvents()));
        Thread.ofPlatform().daemon().name("addon-resume").start(addons.service()::resume);
        addons.backups().start();
        // Last: the engine it may start is then picked up by the runtime's own check.
        stack.ifPresent(StackPreparer::start);
    }

    /** What the start-up line says about the router: its port and socket transport, or that a separate one serves. */
    String routerDescription() {
        return router == null ? "off(separate paasd router)"
                : ":" + router.port() + "(" + router.transport() + ")" + (router.tlsPort() > 0 ? " tls=:" + router.tlsPort() : "");
    }

    /**
     * The router sends {@code PAAS_API_HOSTNAME} (api.PAAS_DOMAIN) to this paasd's own API and git
     * server, so an install that exposes only 80 and 443 still has its API and {@code git push
     * https://api.DOMAIN/APP.git}. Under the app name {@code api}, which no app may take.
     */
    private void routeApiThroughRouter(String address, int apiPort) {
        String defaultName = "api." + config.domain();
        java.util.Set<String> names = config.tls().apiHostname().equals(defaultName) ? Set.of()
                : Set.of(config.tls().apiHostname());
        tls.routes().configure("api", names, false, true);
        tls.routes().routesChanged("api", List.of(new paas.process.Backend("web.1", address, apiPort)), false);
    }

    /**
     * Where the router reaches paasd's API: 127.0.0.1, or the address the API listens on. The
     * router's connections to it come from that same address, so it is also the one peer whose
     * {@code X-Forwarded-For} the API believes (as does any process on this host, which could reach
     * the API directly anyway).
     */
    private String apiRouteAddress() {
        String host = config.apiHost();
        return host.equals("0.0.0.0") || host.equals("::") || !io.netty.util.NetUtil.isValidIpV4Address(host)
                && !io.netty.util.NetUtil.isValidIpV6Address(host) ? "127.0.0.1" : host;
    }

    String runtimeName() {
        return runtime.name();
    }

    /**
     * The last resort when a stop must end now: SIGKILL to every local dyno, without waiting.
     * Nothing for containers, which outlive paasd by design. Any thread, also during {@link #close()}.
     */
    void forceStop() {
        if (runtime instanceof LocalRuntime local) {
            local.killAll();
        }
    }

    /**
     * Stops the API and the running side side by side (requests may take up to 10 s, dynos up to
     * the stop grace), then the log router last, since both write to it.
     */
    @Override
    public void close() throws InterruptedException {
        Thread apiStop = Thread.ofPlatform().name("paasd-stop-api").start(this::closeApi);
        try {
            tls.acm().close();
            orphans.close();
            if (router != null) {
                router.close();
            }
            if (started) {
                supervisor.close();
            } else {
                reconciler.close();
            }
            stack.ifPresent(StackPreparer::close);
            runtime.close();
            addons.service().close();
            addons.backups().close();
            addons.runtime().ifPresent(AddonRuntime::close);
        } finally {
            apiStop.join();
            logs.close();
        }
    }

    private void closeApi() {
        if (api == null) {
            return;
        }
        try {
            api.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
