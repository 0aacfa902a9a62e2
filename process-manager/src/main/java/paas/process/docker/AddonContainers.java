package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import paas.process.addons.AddonContainer;
import paas.process.addons.AddonContainerSpec;
import paas.process.addons.AddonDataMissingException;
import paas.process.addons.AddonRuntime;
import paas.vocabulary.EngineNetworks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How an add-on's container, volume and internal network are made (names, labels, hardening)
 * and read back. The three are named {@code paas-addon-NAME} and labelled with the add-on's id;
 * an engine object of that name labelled for another add-on (or not by this platform) is never
 * taken over: its data could be another add-on's.
 */
final class AddonContainers {
    /** Where the service images keep their data (the volume's mount point). */
    static final String DATA_DIR = "/var/lib/paas-addon";
    /** The service images' user and group. */
    static final String USER = "999:999";
    /** Room for a process per connection of the largest plan (postgres forks one each). */
    static final long PIDS_LIMIT = 512;

    private AddonContainers() {
    }

    static String objectName(String addonName) {
        return "paas-addon-" + addonName;
    }

    /** Creates (does not start) the add-on's container on its internal network; answers its id. */
    static String create(DockerClient docker, DockerRuntimeConfig config, AddonContainerSpec spec) {
        String name = objectName(spec.name());
        List<String> env = new ArrayList<>();
        spec.environment().forEach((k, v) -> env.add(k + "=" + v));
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPidsLimit(PIDS_LIMIT)
                .withMemory(spec.memoryBytes())
                .withMemorySwap(spec.memoryBytes()) // equal to memory: no swap on top
                .withNetworkMode(name) // the internal network only, until attached: no egress, no ports
                .withBinds(new Bind(name, new Volume(DATA_DIR)))
                .withRestartPolicy(RestartPolicy.unlessStoppedRestart())
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
                        Map.of("max-size", config.logMaxSize(), "max-file", "2")));
        return docker.createContainerCmd(spec.image())
                .withName(name)
                .withHostName(name)
                .withLabels(Labels.forAddon(spec, config.platform()))
                .withEnv(env)
                .withUser(USER)
                .withHostConfig(host)
                .exec().getId();
    }

    /**
     * Makes sure the add-on's volume exists and is this add-on's. The engine answers a create of
     * an existing name with that volume, so the labels are checked after the create.
     *
     * @throws AddonDataMissingException when it is absent and {@code volume} is
     *         {@link AddonRuntime.DataVolume#EXISTING}: nothing is made then
     */
    static void ensureVolume(DockerClient docker, DockerRuntimeConfig config, AddonContainerSpec spec,
                             AddonRuntime.DataVolume volume) {
        String name = objectName(spec.name());
        try {
            InspectVolumeResponse v = docker.inspectVolumeCmd(name).exec();
            requireOwn("volume", name, v.getLabels(), spec, config, "docker volume rm " + name);
            return;
        } catch (NotFoundException absent) {
            if (volume == AddonRuntime.DataVolume.EXISTING) {
                throw new AddonDataMissingException(spec.addonId(), name);
            }
        }
        docker.createVolumeCmd().withName(name).withLabels(Labels.forAddon(spec, config.platform())).exec();
        requireOwn("volume", name, docker.inspectVolumeCmd(name).exec().getLabels(), spec, config,
                "docker volume rm " + name);
    }

    /**
     * Makes sure the add-on's internal network exists (a bridge with no route out, its interface
     * named like every platform bridge so the host firewall covers it) and is this add-on's.
     * Duplicates (the engine's duplicate check is not atomic) are pruned to the oldest.
     */
    static void ensureNetwork(DockerClient docker, DockerRuntimeConfig config, AddonContainerSpec spec) {
        String name = objectName(spec.name());
        List<Network> found = networksNamed(docker, name);
        if (found.isEmpty()) {
            docker.createNetworkCmd().withName(name).withDriver("bridge").withInternal(true).withCheckDuplicate(true)
                    .withOptions(Map.of(EngineNetworks.BRIDGE_NAME_OPTION, EngineNetworks.bridgeFor(name)))
                    .withLabels(Labels.forAddon(spec, config.platform())).exec();
            found = networksNamed(docker, name);
        }
        requireOwn("network", name, found.getFirst().getLabels(), spec, config, "docker network rm " + name);
        for (Network extra : found.subList(1, found.size())) {
            try {
                docker.removeNetworkCmd(extra.getId()).exec();
            } catch (RuntimeException inUse) {
                // Still has a container; it goes with the add-on.
            }
        }
    }

    private static List<Network> networksNamed(DockerClient docker, String name) {
        return docker.listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(n -> name.equals(n.getName()))
                .sorted(Comparator.comparing((Network n) -> n.getCreated() == null ? 0L : n.getCreated().getTime())
                        .thenComparing(Network::getId))
                .toList();
    }

    private static void requireOwn(String what, String name, Map<String, String> labels, AddonContainerSpec spec,
                                   DockerRuntimeConfig config, String fix) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (!spec.addonId().equals(l.get(Labels.ADDON)) || !config.platform().equals(l.get(Labels.PLATFORM))) {
            throw new IllegalStateException("the engine has a " + what + " named " + name + " that is not add-on "
                    + spec.addonId() + "'s of platform " + config.platform() + " (it belongs to "
                    + (l.containsKey(Labels.ADDON) ? "add-on " + l.get(Labels.ADDON) + " of platform " + l.get(Labels.PLATFORM)
                    : "nothing of the platform") + "); it is left alone: give the add-on another name, or remove it ("
                    + fix + ") if it holds nothing anyone needs");
        }
    }

    /** True when a listed container is an add-on container of some platform, readable by {@link #read}. */
    static boolean isAddon(Container c) {
        Map<String, String> l = c.getLabels();
        return l != null && "true".equals(l.get(Labels.MANAGED)) && l.get(Labels.ADDON) != null
                && l.get(Labels.ADDON_NAME) != null && l.get(Labels.ADDON_KIND) != null;
    }

    /** The add-on container a listed container is; its apps are those whose networks it is on. */
    static AddonContainer read(Container c) {
        Map<String, String> l = c.getLabels();
        Set<String> apps = new HashSet<>();
        if (c.getNetworkSettings() != null && c.getNetworkSettings().getNetworks() != null) {
            for (String network : c.getNetworkSettings().getNetworks().keySet()) {
                if (network.startsWith(AppNetworks.PREFIX)) {
                    apps.add(network.substring(AppNetworks.PREFIX.length()));
                }
            }
        }
        return new AddonContainer(l.get(Labels.ADDON), l.get(Labels.ADDON_NAME), l.get(Labels.ADDON_KIND), c.getId(),
                "running".equals(c.getState()), apps);
    }
}
