package paas.api;

import com.github.dockerjava.api.DockerClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.prepare.StackPreparer;
import paas.api.store.Database;
import paas.process.AwaitedRuntime;
import paas.process.DynoOutput;
import paas.process.Runtime;
import paas.process.addons.AddonRuntime;
import paas.process.docker.DockerAddonRuntime;
import paas.process.docker.DockerRuntime;
import paas.process.docker.DockerRuntimeConfig;
import paas.process.docker.Engine;
import paas.process.docker.HostFirewall;
import paas.process.local.LocalRuntime;
import paas.process.local.PortPool;
import paas.process.slug.SlugExtractor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses where dynos run ({@code PAAS_RUNTIME}): as containers of the docker engine, as local
 * processes, or, when unset and no engine answers yet, as containers once one does.
 */
final class Runtimes {
    private static final Logger log = LoggerFactory.getLogger("paasd");
    /** How often paasd asks again for an engine that did not answer at start. */
    static final Duration ENGINE_CHECK = Duration.ofSeconds(5);

    private Runtimes() {
    }

    /**
     * Where dynos run, and where add-ons run: add-on containers need a Docker engine, so with
     * local dynos there is no add-on runtime.
     */
    record Chosen(Runtime runtime, Optional<AddonRuntime> addons) {
    }

    static Chosen choose(PlatformConfig config, DynoOutput output) {
        URI engine = URI.create(config.dockerHost());
        // One client: the ping that picks the runtime uses the client the docker runtime keeps.
        DockerClient docker = Engine.connect(engine);
        String[] whyNot = {""};
        RuntimeChoice choice = RuntimeChoice.of(config.runtime(), () -> {
            whyNot[0] = pingFailure(docker);
            return whyNot[0] == null;
        });
        return switch (choice) {
            case DOCKER -> {
                firewall(config, docker, engine);
                DockerRuntime dynos = docker(config, docker, engine, output);
                yield new Chosen(dynos, Optional.of(DockerAddonRuntime.beside(dynos)));
            }
            case DOCKER_ONCE_ENGINE_ANSWERS -> {
                // With the preparation on, paasd runs ensure-engine.sh itself (or says why it cannot).
                String fix = config.prepare() && config.dockerHost().equals(StackPreparer.LOCAL_ENGINE)
                        && StackPreparer.runsAsRoot()
                        ? "paasd prepares the build stack now, starting the engine with deploy/docker/ensure-engine.sh"
                        + " (PAAS_PREPARE)"
                        : "Start the engine with deploy/docker/ensure-engine.sh (or point DOCKER_HOST at one)";
                log.warn("no docker engine answers at {} ({}): no dyno runs until one does, then dynos run as"
                        + " containers (checking every {} s). {}, or set PAAS_RUNTIME=local to run dynos as local"
                        + " processes", engine, whyNot[0], ENGINE_CHECK.toSeconds(), fix);
                // The host firewall goes in when the engine answers (below): on a fresh host iptables
                // comes with the engine's package, so trying now would only warn of a missing command.
                DockerRuntime dynos = docker(config, docker, engine, output);
                AwaitedRuntime awaited = new AwaitedRuntime(dynos,
                        () -> {
                            if (pingFailure(docker) != null) {
                                return false;
                            }
                            try {
                                firewall(config, docker, engine);
                            } catch (RuntimeException e) {
                                log.warn("host firewall NOT installed: {}", e.toString());
                            }
                            return true;
                        },
                        "no docker engine answers at " + engine + " yet: start it with deploy/docker/ensure-engine.sh,"
                                + " or set PAAS_RUNTIME=local and restart paasd",
                        "the docker engine at " + engine + " answers now: dynos run as containers (runtime=docker)");
                awaited.checkEvery(ENGINE_CHECK);
                // Add-on calls fail with "the engine does not answer" until it does.
                yield new Chosen(awaited, Optional.of(DockerAddonRuntime.beside(dynos)));
            }
            case LOCAL -> {
                try {
                    docker.close();
                } catch (IOException e) {
                    log.debug("closing the unused docker client: {}", e.toString());
                }
                yield new Chosen(local(config, output), Optional.empty());
            }
        };
    }

    private static Runtime local(PlatformConfig config, DynoOutput output) {
        Map<String, String> baseEnv = Map.of("PATH",
                System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        return new LocalRuntime(config.dataDir().resolve("dynos"), new PortPool(30000, 39999), baseEnv, output,
                SlugExtractor.defaults(), Clock.systemUTC(), config.stopGrace());
    }

    private static DockerRuntime docker(PlatformConfig config, DockerClient docker, URI engine, DynoOutput output) {
        return new DockerRuntime(docker, dockerConfig(config, engine), output, SlugExtractor.defaults(),
                Clock.systemUTC());
    }

    /** Installs (or with PAAS_HOST_FIREWALL=off removes) the host firewall; says so when it cannot. */
    private static void firewall(PlatformConfig config, DockerClient docker, URI engine) {
        if (config.isolation().firewall() && engine.getScheme().equals("unix")) {
            // The router's port stays open to dynos: an app may call another by its public URL.
            List<HostFirewall.PortRange> allowed = new ArrayList<>(config.isolation().allowedHostPorts());
            if (config.routerPort() > 0) {
                allowed.addFirst(HostFirewall.PortRange.of(config.routerPort()));
            }
            new HostFirewall(HostFirewall.Iptables.onThisHost()).install(docker, allowed);
        } else if (config.isolation().firewall()) {
            log.warn("the docker engine at {} is on another host: install the host firewall there (see"
                    + " docs/security.md), or builds and dynos can reach that host's services", engine);
        } else if (engine.getScheme().equals("unix")) {
            new HostFirewall(HostFirewall.Iptables.onThisHost()).uninstall();
        }
    }

    private static DockerRuntimeConfig dockerConfig(PlatformConfig config, URI engine) {
        Path dataDir = config.dataDir();
        DockerRuntimeConfig defaults = DockerRuntimeConfig.defaults(DataDir.scratch(dataDir).resolve("dyno-images"));
        return new DockerRuntimeConfig(engine, defaults.runImage(), defaults.workDir(),
                defaults.containerPort(), defaults.publishIp(), defaults.logMaxSize(), platformName(dataDir));
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
}
