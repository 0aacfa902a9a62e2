package paas.builder.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import paas.vocabulary.EngineLabels;
import paas.vocabulary.EngineNetworks;

import java.util.Map;

/**
 * The network builds run on ({@link EngineNetworks#BUILDS}): builds reach the internet (package
 * registries, git buildpacks), but not each other (inter-container traffic is off on it) and,
 * through the host firewall on its {@code paas-builds} bridge, not the host's services.
 */
final class BuildNetwork {
    private BuildNetwork() {
    }

    /** Makes sure {@code name} exists; the builds network with its isolation options, any other as the operator made it. */
    static void ensure(DockerClient docker, String name) {
        if (!name.equals(EngineNetworks.BUILDS)) {
            return;
        }
        try {
            docker.inspectNetworkCmd().withNetworkId(name).exec();
        } catch (NotFoundException missing) {
            try {
                docker.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true)
                        .withOptions(Map.of(EngineNetworks.BRIDGE_NAME_OPTION, EngineNetworks.bridgeFor(name),
                                EngineNetworks.ICC_OPTION, "false"))
                        .withLabels(Map.of(EngineLabels.MANAGED, "true")).exec();
            } catch (ConflictException madeMeanwhile) {
                // another build (or platform on this engine) made it first: the same network
            }
        }
    }
}
