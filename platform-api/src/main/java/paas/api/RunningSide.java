package paas.api;

import com.github.dockerjava.api.DockerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.DynoSizes;
import paas.api.dynos.AppStateReader;
import paas.api.dynos.DeployReleaseGate;
import paas.api.dynos.DynoSupervisor;
import paas.api.dynos.ReleasePhases;
import paas.api.dynos.ReleaseSpecs;
import paas.api.dynos.RouteBook;
import paas.api.store.Database;
import paas.builder.slug.DirectorySlugStore;
import paas.logs.DrainPolicy;
import paas.logs.LogLine;
import paas.logs.LogRouter;
import paas.logs.LogRouterConfig;
import paas.logs.MemoryLogRouter;
import paas.logs.Source;
import paas.process.DynoOutput;
import paas.process.PlatformLog;
import paas.process.Readiness;
import paas.process.Reconciler;
import paas.process.ReconcilerConfig;
import paas.process.Runtime;
import paas.process.docker.DockerRuntime;
import paas.process.docker.DockerRuntimeConfig;
import paas.process.docker.Engine;
import paas.process.local.LocalRuntime;
import paas.process.local.PortPool;
import paas.process.slug.SlugExtractor;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.RouterServer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parts of paasd that run apps, built in dependency order: the log router (everything writes
 * to it), the dyno runtime, the route table and router, the reconciler, and the supervisor that
 * feeds them from the store. {@link #close()} stops them in reverse order; containers keep running
 * (the next paasd adopts them), local dynos are stopped (SIGTERM, SIGKILL after the stop grace).
 */
final class RunningSide implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("paasd");
    /**
     * A replaced web dyno keeps running this long after it left the route table, so the requests
     * the router sent it just before finish instead of being cut by SIGTERM.
     */
    static final Duration ROUTE_DRAIN = Duration.ofSeconds(3);

    final LogRouter logs;
    final Runtime runtime;
    final RouteTable routes;
    final RouteBook routeBook;
    final Reconciler reconciler;
    final ReleaseSpecs specs;
    final AppStateReader reader;
    private RouterServer router;
    private DynoSupervisor supervisor;

    private RunningSide(LogRouter logs, Runtime runtime, RouteTable routes, RouteBook routeBook, Reconciler reconciler,
                        ReleaseSpecs specs, AppStateReader reader) {
        this.logs = logs;
        this.runtime = runtime;
        this.routes = routes;
        this.routeBook = routeBook;
        this.reconciler = reconciler;
        this.specs = specs;
        this.reader = reader;
    }

    /**
     * The drain policy of this platform: no drains to loopback, link-local or the API's own host,
     * unless PAAS_ALLOW_LOCAL_DRAINS says this is a single-machine setup where they are wanted.
     */
    static DrainPolicy drainPolicy(PlatformConfig config) {
        Set<String> forbidden = config.allowLocalDrains() || config.apiHost().equals("0.0.0.0") ? Set.of()
                : Set.of(config.apiHost(), config.domain());
        return new DrainPolicy(config.allowLocalDrains(), forbidden);
    }

    static RunningSide create(PlatformConfig config, Database db, DirectorySlugStore slugs, DynoSizes sizes) {
        LogRouter logs = new MemoryLogRouter(LogRouterConfig.builder().drainPolicy(drainPolicy(config)).build());
        DynoOutput output = (app, dyno, line) -> logs.publish(new LogLine(Instant.now(), app, Source.APP, dyno, line));
        Runtime runtime = runtime(config, output);
        RouteTable routes = new RouteTable(config.domain());
        RouteBook routeBook = new RouteBook(routes);
        Reconciler reconciler = new Reconciler(runtime, Clock.systemUTC(), ReconcilerConfig.defaults()
                .withBootTimeout(config.bootTimeout()).withStopGrace(config.stopGrace()).withRouteDrain(ROUTE_DRAIN),
                Readiness.tcpConnect(Duration.ofMillis(500)), routeBook,
                PlatformLog.to((app, dyno, text) -> logs.publish(new LogLine(Instant.now(), app, Source.PAAS, dyno, text))));
        ReleaseSpecs specs = new ReleaseSpecs(slugs::path, sizes);
        return new RunningSide(logs, runtime, routes, routeBook, reconciler, specs, new AppStateReader(db));
    }

    private static Runtime runtime(PlatformConfig config, DynoOutput output) {
        URI engine = URI.create(config.dockerHost());
        // One client: the ping that picks the runtime uses the client the docker runtime keeps.
        DockerClient docker = Engine.connect(engine);
        String choice = config.runtime().orElseGet(() -> engineAnswers(docker, engine) ? "docker" : "local");
        Path dataDir = config.dataDir();
        if (choice.equals("docker")) {
            DockerRuntimeConfig defaults = DockerRuntimeConfig.defaults(dataDir.resolve("dyno-images"));
            DockerRuntimeConfig dockerConfig = new DockerRuntimeConfig(engine, defaults.runImage(), defaults.workDir(),
                    defaults.containerPort(), defaults.publishIp(), defaults.logMaxSize(), platformName(dataDir));
            return new DockerRuntime(docker, dockerConfig, output, SlugExtractor.defaults(), Clock.systemUTC());
        }
        try {
            docker.close();
        } catch (java.io.IOException e) {
            log.debug("closing the unused docker client: {}", e.toString());
        }
        Map<String, String> baseEnv = new HashMap<>();
        baseEnv.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        return new LocalRuntime(dataDir.resolve("dynos"), new PortPool(30000, 39999), baseEnv, output,
                SlugExtractor.defaults(), Clock.systemUTC(), config.stopGrace());
    }

    /** Containers carry this name, so several installations (or test runs) can share one engine. */
    static String platformName(Path dataDir) {
        return "paasd-" + Integer.toHexString(dataDir.toString().hashCode());
    }

    private static boolean engineAnswers(DockerClient docker, URI engine) {
        try {
            docker.pingCmd().exec();
            return true;
        } catch (RuntimeException e) {
            log.info("no docker engine answers at {} ({}); dynos run as local processes", engine, Database.rootMessage(e));
            return false;
        }
    }

    /** Starts serving: routes first (so adopted dynos are reachable), then the supervisor and its reconciler. */
    void start(PlatformConfig config, DynoSupervisor supervisor) throws InterruptedException {
        this.router = RouterServer.start(RouterConfig.defaults().withListen("0.0.0.0", config.routerPort()), routes,
                line -> logs.publish(new LogLine(line.time(), line.app(), Source.ROUTER, "router", line.text())));
        this.supervisor = supervisor;
        supervisor.start();
    }

    ReleasePhases releasePhases(paas.api.service.ReleaseService releases) {
        return new ReleasePhases(runtime, specs, releases, logs);
    }

    DeployReleaseGate deployGate(ReleasePhases phases) {
        return new DeployReleaseGate(reader, phases);
    }

    int routerPort() {
        return router == null ? -1 : router.port();
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

    @Override
    public void close() {
        if (router != null) {
            router.close();
        }
        if (supervisor != null) {
            supervisor.close();
        } else {
            reconciler.close();
        }
        runtime.close();
        logs.close();
    }
}
