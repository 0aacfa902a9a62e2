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
import paas.api.orphans.Orphans;
import paas.api.orphans.SlugFiles;
import paas.api.store.Database;
import paas.builder.slug.DirectorySlugStore;
import paas.logs.DrainPolicy;
import paas.logs.LogLine;
import paas.logs.LogRouter;
import paas.logs.LogRouterConfig;
import paas.logs.router.MemoryLogRouter;
import paas.logs.Source;
import paas.process.AwaitedRuntime;
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
import paas.router.proxy.RouterServer;

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
    final Orphans orphans;
    private RouterServer router;
    private DynoSupervisor supervisor;

    private RunningSide(LogRouter logs, Runtime runtime, RouteTable routes, RouteBook routeBook, Reconciler reconciler,
                        ReleaseSpecs specs, AppStateReader reader, Orphans orphans) {
        this.logs = logs;
        this.runtime = runtime;
        this.routes = routes;
        this.routeBook = routeBook;
        this.reconciler = reconciler;
        this.specs = specs;
        this.reader = reader;
        this.orphans = orphans;
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
        Orphans orphans = new Orphans(db, platformName(config.dataDir()), runtime,
                h -> reconciler.dynos(h.app()).stream().anyMatch(d -> h.id().equals(d.id())),
                new SlugFiles() {
                    @Override
                    public java.util.List<String> ids() throws java.io.IOException {
                        return slugs.ids();
                    }

                    @Override
                    public boolean delete(String sha256) throws java.io.IOException {
                        return slugs.delete(sha256);
                    }
                }, Clock.systemUTC(), config.orphanGrace());
        return new RunningSide(logs, runtime, routes, routeBook, reconciler, specs, new AppStateReader(db), orphans);
    }

    /** How often paasd asks again for an engine that did not answer at start. */
    static final Duration ENGINE_CHECK = Duration.ofSeconds(5);

    private static Runtime runtime(PlatformConfig config, DynoOutput output) {
        URI engine = URI.create(config.dockerHost());
        // One client: the ping that picks the runtime uses the client the docker runtime keeps.
        DockerClient docker = Engine.connect(engine);
        String[] whyNot = {""};
        RuntimeChoice choice = RuntimeChoice.of(config.runtime(), () -> {
            whyNot[0] = pingFailure(docker);
            return whyNot[0] == null;
        });
        Path dataDir = config.dataDir();
        return switch (choice) {
            case DOCKER -> dockerRuntime(config, docker, engine, output);
            case DOCKER_ONCE_ENGINE_ANSWERS -> {
                log.warn("no docker engine answers at {} ({}): no dyno runs until one does, then dynos run as"
                        + " containers (checking every {} s). Start the engine with deploy/docker/ensure-engine.sh"
                        + " (or point DOCKER_HOST at one), or set PAAS_RUNTIME=local to run dynos as local processes",
                        engine, whyNot[0], ENGINE_CHECK.toSeconds());
                AwaitedRuntime awaited = new AwaitedRuntime(dockerRuntime(config, docker, engine, output),
                        () -> pingFailure(docker) == null,
                        "no docker engine answers at " + engine + " yet: start it with deploy/docker/ensure-engine.sh,"
                                + " or set PAAS_RUNTIME=local and restart paasd",
                        "the docker engine at " + engine + " answers now: dynos run as containers (runtime=docker)");
                awaited.checkEvery(ENGINE_CHECK);
                yield awaited;
            }
            case LOCAL -> {
                try {
                    docker.close();
                } catch (java.io.IOException e) {
                    log.debug("closing the unused docker client: {}", e.toString());
                }
                Map<String, String> baseEnv = new HashMap<>();
                baseEnv.put("PATH", System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
                yield new LocalRuntime(dataDir.resolve("dynos"), new PortPool(30000, 39999), baseEnv, output,
                        SlugExtractor.defaults(), Clock.systemUTC(), config.stopGrace());
            }
        };
    }

    private static Runtime dockerRuntime(PlatformConfig config, DockerClient docker, URI engine, DynoOutput output) {
        Path dataDir = config.dataDir();
        DockerRuntimeConfig defaults = DockerRuntimeConfig.defaults(DataDir.scratch(dataDir).resolve("dyno-images"));
        DockerRuntimeConfig dockerConfig = new DockerRuntimeConfig(engine, defaults.runImage(), defaults.workDir(),
                defaults.containerPort(), defaults.publishIp(), defaults.logMaxSize(), platformName(dataDir));
        return new DockerRuntime(docker, dockerConfig, output, SlugExtractor.defaults(), Clock.systemUTC());
    }

    /** Containers carry this name, so several installations (or test runs) can share one engine. */
    static String platformName(Path dataDir) {
        return "paasd-" + Integer.toHexString(dataDir.toString().hashCode());
    }

    /** Null when the engine answers, else why not. */
    private static String pingFailure(DockerClient docker) {
        try {
            docker.pingCmd().exec();
            return null;
        } catch (RuntimeException e) {
            return Database.rootMessage(e);
        }
    }

    /** How often orphans are looked for, and those past their grace period removed. */
    static final Duration ORPHAN_SWEEP = Duration.ofMinutes(10);

    /**
     * Starts serving: the embedded router first when there is one (so adopted dynos are reachable),
     * then the supervisor and its reconciler, then the orphan sweep (which reports at start and
     * removes only later). With {@code PAAS_ROUTER=off} the route book is served only to separate
     * routers ({@code GET /router/routes}).
     */
    void start(PlatformConfig config, DynoSupervisor supervisor) throws InterruptedException {
        if (config.embeddedRouter()) {
            this.router = RouterServer.start(RouterConfig.defaults().withListen("0.0.0.0", config.routerPort()), routes,
                    line -> logs.publish(new LogLine(line.time(), line.app(), Source.ROUTER, "router", line.text())));
        }
        this.supervisor = supervisor;
        supervisor.start();
        orphans.start(ORPHAN_SWEEP);
    }

    ReleasePhases releasePhases(paas.api.service.ReleaseService releases) {
        return new ReleasePhases(runtime, specs, releases, logs);
    }

    DeployReleaseGate deployGate(ReleasePhases phases) {
        return new DeployReleaseGate(reader, phases);
    }

    /** What the start-up line says about the router: its port, or that a separate one serves. */
    String routerDescription() {
        return router == null ? "off(separate paasd router)" : ":" + router.port();
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
        orphans.close();
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
