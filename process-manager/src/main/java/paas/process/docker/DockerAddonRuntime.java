package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.Names;
import paas.process.addons.AddonContainer;
import paas.process.addons.AddonContainerSpec;
import paas.process.addons.AddonEventListener;
import paas.process.addons.AddonRuntime;
import paas.process.addons.ExecTerminal;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * Add-on services as Docker containers, one per add-on ({@link AddonContainers}): created once,
 * then adopted by their {@code paas.addon} label by every later platform process, never
 * recreated. Each sits on its own internal network (no route out, nothing else on it) and on the
 * networks of the apps it is attached to ({@link AppNetworks}), under its name as alias; nothing
 * is published on the host. Hardened like dynos (uid 999, every capability dropped,
 * no-new-privileges, memory without swap, a pids limit), restarted by the engine
 * ({@code unless-stopped}) or, if it does not, by {@link AddonEvents}.
 *
 * <p>Add-on containers carry no {@code paas.app} label, so {@link DockerRuntime#list()} (and so
 * the platform's orphan sweep) never takes one for a dyno. Closing stops following events only:
 * the containers keep running. Thread-safe; calls on one add-on are serialised.
 */
public final class DockerAddonRuntime implements AddonRuntime {
    private static final Logger log = LoggerFactory.getLogger(DockerAddonRuntime.class);
    private static final String READY_COMMAND = "/usr/local/bin/paas-addon-ready";
    private static final Duration READY_PAUSE = Duration.ofMillis(200);
    /** How long a removed add-on's dying container is kept from being reported or restarted. */
    private static final Duration RETIRING = Duration.ofMinutes(1);
    private static final Pattern ADDON_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

    private final DockerClient docker;
    private final DockerRuntimeConfig config;
    private final AppNetworks networks;
    private final ContainerExecs execs;
    /** Tenants' clients (pg:psql, redis:cli): nobody, who owns nothing in the container. */
    private final ContainerExecs clientExecs;
    private static final String CLIENT_USER = "65534:65534";
    private final AddonEvents events;
    /** One per add-on; a ReentrantLock, not a monitor: engine calls block, and a virtual thread blocked in a monitor pins its carrier on JDK 21-23. */
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    /** Add-ons being removed, and since when. */
    private final Map<String, Instant> retiring = new ConcurrentHashMap<>();

    /** With app networks of its own: for an engine where no {@link DockerRuntime} runs dynos (tests). */
    public DockerAddonRuntime(DockerClient docker, DockerRuntimeConfig config) {
        this(docker, config, new AppNetworks(docker, config.engine()));
    }

    /**
     * Beside the runtime of the platform's dynos, on its engine with its settings, sharing its app
     * networks: making, connecting to and removing one app's network are serialised across both,
     * so an add-on attach cannot race the removal of the app's network after its last dyno.
     */
    public static DockerAddonRuntime beside(DockerRuntime dynos) {
        return new DockerAddonRuntime(dynos.docker(), dynos.config(), dynos.networks());
    }

    private DockerAddonRuntime(DockerClient docker, DockerRuntimeConfig config, AppNetworks networks) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.config = Objects.requireNonNull(config, "config");
        this.networks = Objects.requireNonNull(networks, "networks");
        this.execs = new ContainerExecs(docker, config.engine(), AddonContainers.USER);
        this.clientExecs = new ContainerExecs(docker, config.engine(), CLIENT_USER);
        this.events = new AddonEvents(docker, config.engine(), config.platform(), this::isRetiring);
    }

    @Override
    public AddonContainer ensure(AddonContainerSpec spec, DataVolume volume) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(volume, "volume");
        ReentrantLock lock = lock(spec.addonId());
        lock.lock();
        try {
            Optional<Container> found = container(spec.addonId());
            events.start(); // the engine answered: from now on a death is seen, and repaired
            if (found.isPresent()) {
                return adopt(spec, found.get()); // its volume is there: the engine keeps a volume in use
            }
            // The volume first: an add-on whose data is gone gets nothing made (no network either).
            // The container's bind would make a missing volume by itself, so it is never reached then.
            Engine.run(config.engine(), () -> {
                AddonContainers.ensureVolume(docker, config, spec, volume);
                AddonContainers.ensureNetwork(docker, config, spec);
            });
            String id;
            try {
                id = Engine.call(config.engine(), () -> AddonContainers.create(docker, config, spec));
            } catch (ConflictException e) {
                throw new IllegalStateException("a container named " + AddonContainers.objectName(spec.name())
                        + " exists but is not add-on " + spec.addonId() + "'s of platform " + config.platform()
                        + "; it is left alone: give the add-on another name, or remove that container"
                        + " (docker rm -f " + AddonContainers.objectName(spec.name()) + ")", e);
            }
            Engine.run(config.engine(), () -> docker.startContainerCmd(id).exec());
            log.info("docker: started add-on {} ({} {}) as {}", spec.name(), spec.kind(), spec.plan(), Containers.shortId(id));
            return require(spec.addonId());
        } finally {
            lock.unlock();
        }
    }

    /** An existing container is kept as it is (never recreated); one that is down is started. */
    private AddonContainer adopt(AddonContainerSpec spec, Container c) {
        String name = c.getLabels().get(Labels.ADDON_NAME);
        if (!spec.name().equals(name)) {
            throw new IllegalStateException("add-on " + spec.addonId() + " runs as " + name + ", not " + spec.name()
                    + "; an add-on's name does not change");
        }
        String state = String.valueOf(c.getState());
        if (!state.equals("running") && !state.equals("restarting")) {
            log.info("docker: add-on {} found {}, starting it", spec.name(), state);
            try {
                Engine.run(config.engine(), () -> docker.startContainerCmd(c.getId()).exec());
            } catch (NotModifiedException alreadyRunning) {
                // started meanwhile (by the engine's restart policy)
            }
        }
        return require(spec.addonId());
    }

    @Override
    public boolean awaitReady(String addonId, Duration timeout) throws InterruptedException {
        checkId(addonId);
        long deadline = System.nanoTime() + timeout.toNanos();
        OutputStream discard = OutputStream.nullOutputStream();
        while (true) {
            String id = require(addonId).containerId();
            try {
                if (execs.run(id, List.of(READY_COMMAND), null, discard, discard) == 0) {
                    return true;
                }
            } catch (ConflictException | IllegalStateException notRunning) {
                // Not running (yet, or restarting after a crash): ask again.
            }
            if (System.nanoTime() + READY_PAUSE.toNanos() > deadline) {
                return false;
            }
            Thread.sleep(READY_PAUSE.toMillis());
        }
    }

    @Override
    public void attach(String addonId, String app) {
        checkId(addonId);
        Names.app(app);
        ReentrantLock lock = lock(addonId);
        lock.lock();
        try {
            AddonContainer addon = require(addonId);
            if (addon.apps().contains(app)) {
                return;
            }
            String network = AppNetworks.name(app);
            // Made and connected under the app network's lock, which the dynos' runtime shares
            // (beside()), so the network cannot be removed between its ensure and the connect.
            networks.ensureAndThen(app, () -> {
                try {
                    Engine.run(config.engine(), () -> docker.connectToNetworkCmd().withNetworkId(network)
                            .withContainerId(addon.containerId())
                            .withContainerNetwork(new ContainerNetwork().withAliases(addon.name())).exec());
                    log.info("docker: add-on {} attached to app {}", addon.name(), app);
                } catch (DockerException e) {
                    if (!require(addonId).apps().contains(app)) {
                        throw e;
                    }
                    // connected meanwhile (the engine says the endpoint exists)
                }
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void detach(String addonId, String app) {
        checkId(addonId);
        Names.app(app);
        ReentrantLock lock = lock(addonId);
        lock.lock();
        try {
            Optional<AddonContainer> addon = find(addonId);
            if (addon.isEmpty() || !addon.get().apps().contains(app)) {
                return;
            }
            try {
                Engine.run(config.engine(), () -> docker.disconnectFromNetworkCmd().withNetworkId(AppNetworks.name(app))
                        .withContainerId(addon.get().containerId()).exec());
                log.info("docker: add-on {} detached from app {}", addon.get().name(), app);
            } catch (NotFoundException gone) {
                return;
            } catch (InternalServerErrorException e) {
                // The engine's list still named the network (a container between a crash and its
                // restart, say) but the endpoint is gone: detached already, which is what was asked.
                if (e.getMessage() == null || !e.getMessage().contains("is not connected to network")) {
                    throw e;
                }
                log.info("docker: add-on {} was no longer on app {}'s network", addon.get().name(), app);
            }
            removeNetworkIfUnused(app);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<AddonContainer> find(String addonId) {
        checkId(addonId);
        Optional<AddonContainer> found = container(addonId).map(AddonContainers::read);
        events.start();
        return found;
    }

    @Override
    public List<AddonContainer> list() {
        List<AddonContainer> all = Engine.call(config.engine(), () -> docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(List.of(Labels.MANAGED + "=true", Labels.PLATFORM + "=" + config.platform(), Labels.ADDON))
                        .exec()).stream()
                .filter(AddonContainers::isAddon)
                .map(AddonContainers::read)
                .toList();
        events.start();
        return all;
    }

    @Override
    public void remove(String addonId, boolean purgeData) {
        checkId(addonId);
        retiring.put(addonId, Instant.now());
        ReentrantLock lock = lock(addonId);
        lock.lock();
        try {
            List<String> ofAddon = List.of(Labels.PLATFORM + "=" + config.platform(), Labels.ADDON + "=" + addonId);
            List<Container> containers = Engine.call(config.engine(), () -> docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(ofAddon).exec());
            List<String> apps = new ArrayList<>();
            for (Container c : containers) {
                if (AddonContainers.isAddon(c)) {
                    apps.addAll(AddonContainers.read(c).apps());
                }
                try {
                    Engine.run(config.engine(), () -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
                    log.info("docker: removed add-on container {} ({})", c.getLabels().get(Labels.ADDON_NAME),
                            Containers.shortId(c.getId()));
                } catch (NotFoundException gone) {
                    // removed meanwhile
                }
            }
            apps.forEach(this::removeNetworkIfUnused);
            List<Network> own = Engine.call(config.engine(), () -> docker.listNetworksCmd().withFilter("label", ofAddon).exec());
            for (Network n : own) {
                try {
                    Engine.run(config.engine(), () -> docker.removeNetworkCmd(n.getId()).exec());
                } catch (NotFoundException gone) {
                    // removed meanwhile
                }
            }
            if (purgeData) {
                List<InspectVolumeResponse> volumes = Engine.call(config.engine(),
                        () -> docker.listVolumesCmd().withFilter("label", ofAddon).exec().getVolumes());
                for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
                    try {
                        Engine.run(config.engine(), () -> docker.removeVolumeCmd(v.getName()).exec());
                        log.info("docker: removed add-on volume {} with its data", v.getName());
                    } catch (NotFoundException gone) {
                        // removed meanwhile
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int exec(String addonId, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws InterruptedException {
        return exec(addonId, command, Optional.empty(), stdin, stdout, stderr);
    }

    @Override
    public int exec(String addonId, List<String> command, Optional<ExecTerminal> terminal, InputStream stdin,
                    OutputStream stdout, OutputStream stderr) throws InterruptedException {
        checkId(addonId);
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        List<String> checked = List.copyOf(command);
        return execs.run(runningContainer(addonId), checked, terminal, stdin, stdout, stderr);
    }

    @Override
    public int execAsClient(String addonId, List<String> command, Optional<ExecTerminal> terminal, InputStream stdin,
                            OutputStream stdout, OutputStream stderr) throws InterruptedException {
        checkId(addonId);
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        List<String> checked = List.copyOf(command);
        return clientExecs.run(runningContainer(addonId), checked, terminal, stdin, stdout, stderr);
    }

    private String runningContainer(String addonId) {
        AddonContainer addon = require(addonId);
        if (!addon.running()) {
            throw new IllegalStateException("add-on " + addon.name() + " is not running (its container "
                    + Containers.shortId(addon.containerId()) + " is being restarted or was stopped); try again shortly");
        }
        return addon.containerId();
    }

    @Override
    public AutoCloseable onEvent(AddonEventListener listener) {
        AutoCloseable subscription = events.subscribe(Objects.requireNonNull(listener, "listener"));
        events.start();
        try {
            // So that what happens after this call is told; an engine away is followed once back.
            events.awaitOpen();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return subscription;
    }

    @Override
    public void close() {
        events.close();
    }

    private boolean isRetiring(String addonId) {
        Instant since = retiring.get(addonId);
        if (since == null) {
            return false;
        }
        if (since.plus(RETIRING).isBefore(Instant.now())) {
            retiring.remove(addonId, since);
            return false;
        }
        return true;
    }

    private void removeNetworkIfUnused(String app) {
        try {
            networks.removeIfUnused(app);
        } catch (RuntimeException e) {
            log.debug("network of {} not removed now: {}", app, e.toString());
        }
    }

    /** The add-on's container, the oldest should there be several. */
    private Optional<Container> container(String addonId) {
        return Engine.call(config.engine(), () -> docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.PLATFORM, config.platform(), Labels.ADDON, addonId))
                        .exec()).stream()
                .filter(AddonContainers::isAddon)
                .min(Comparator.comparing((Container c) -> c.getCreated() == null ? 0L : c.getCreated()));
    }

    private AddonContainer require(String addonId) {
        return container(addonId).map(AddonContainers::read).orElseThrow(() -> new NoSuchElementException(
                "add-on " + addonId + " has no container on this engine (platform " + config.platform()
                        + "); it is made by ensure()"));
    }

    private static void checkId(String addonId) {
        Objects.requireNonNull(addonId, "addonId");
        if (!ADDON_ID.matcher(addonId).matches()) {
            throw new IllegalArgumentException("add-on id '" + addonId + "' must match ^" + ADDON_ID.pattern() + "$");
        }
    }

    private ReentrantLock lock(String addonId) {
        return locks.computeIfAbsent(addonId, a -> new ReentrantLock());
    }
}
