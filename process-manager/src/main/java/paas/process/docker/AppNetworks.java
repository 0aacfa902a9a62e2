package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import paas.vocabulary.EngineNetworks;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Each app's own bridge network ({@code paas-app-APP}, interface {@code paas-HASH}), so that
 * dynos of different apps cannot connect to each other: made before the app's first dyno starts
 * (or an add-on is attached to the app), removed once its last dyno is gone and no add-on is
 * attached to it any more.
 * Making and removing one app's network are serialised: the engine's duplicate check is not
 * atomic, and two networks of one name make every later lookup by name fail as ambiguous. One
 * instance serves the dynos' and the add-ons' runtime ({@link DockerAddonRuntime#beside}), so
 * that holds across both. Locks are {@link ReentrantLock}s: the engine calls under them block,
 * and a virtual thread blocked in a monitor pins its carrier on JDK 21-23. Thread-safe.
 */
final class AppNetworks {
    private final DockerClient docker;
    private final URI engine;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    AppNetworks(DockerClient docker, URI engine) {
        this.docker = docker;
        this.engine = engine;
    }

    static final String PREFIX = "paas-app-";

    static String name(String app) {
        return PREFIX + app;
    }

    /**
     * Makes sure the app's network exists. Duplicates found anyway (left by an older version)
     * are pruned to the oldest.
     */
    void ensure(String app) {
        ensureAndThen(app, () -> null);
    }

    /**
     * Makes sure the app's network exists, then runs {@code use} (creating a container on it,
     * connecting one to it) before anyone can remove it; answers what {@code use} answers.
     */
    <T> T ensureAndThen(String app, Supplier<T> use) {
        ReentrantLock lock = lock(app);
        lock.lock();
        try {
            Engine.run(engine, () -> create(app));
            return use.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes the app's network once no container of the app is left, and nothing else (an
     * add-on attached to the app) is on it. Never fails for a network that is gone or in use.
     */
    void removeIfUnused(String app) {
        ReentrantLock lock = lock(app);
        lock.lock();
        try {
            boolean used = !docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(Labels.APP, app))
                    .exec().isEmpty();
            if (used) {
                return;
            }
            String name = name(app);
            for (Network n : docker.listNetworksCmd().withNameFilter(name).exec()) {
                if (name.equals(n.getName()) && !attachedElse(n.getId())) {
                    try {
                        docker.removeNetworkCmd(n.getId()).exec();
                    } catch (DockerException stillUsed) {
                        // removed meanwhile, or something was connected to it meanwhile (the engine refuses): both fine
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a container (an add-on's: they carry no app label) is still connected to the network,
     * running or not. The network's own list names running containers only; a crashed add-on
     * waiting for its restart is not on it, and removing the network under it would make every
     * restart fail ("network ... not found"). The engine's container list, stopped ones included,
     * does name it.
     */
    private boolean attachedElse(String networkId) {
        try {
            Map<String, ?> connected = docker.inspectNetworkCmd().withNetworkId(networkId).exec().getContainers();
            return connected != null && !connected.isEmpty()
                    || !docker.listContainersCmd().withShowAll(true).withNetworkFilter(List.of(networkId)).exec().isEmpty();
        } catch (NotFoundException gone) {
            return true; // nothing left to remove
        }
    }

    private void create(String app) {
        String name = name(app);
        List<Network> found = docker.listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(n -> name.equals(n.getName()))
                .sorted(Comparator.comparing(Network::getId))
                .toList();
        if (found.isEmpty()) {
            // A named bridge, so the host's firewall keeps the app's dynos from its services (HostFirewall).
            docker.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true)
                    .withOptions(Map.of(EngineNetworks.BRIDGE_NAME_OPTION, EngineNetworks.bridgeFor(name)))
                    .withLabels(Map.of(Labels.MANAGED, "true", Labels.APP, app)).exec();
            return;
        }
        for (Network extra : found.subList(1, found.size())) {
            try {
                docker.removeNetworkCmd(extra.getId()).exec();
            } catch (RuntimeException inUse) {
                // Still has containers; it goes with them.
            }
        }
    }

    private ReentrantLock lock(String app) {
        return locks.computeIfAbsent(app, a -> new ReentrantLock());
    }
}
