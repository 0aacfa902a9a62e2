package paas.process.addons;

import java.util.Map;
import java.util.Objects;

/**
 * What an add-on container runs: the service image, the environment its entrypoint reads
 * (credentials, limits), and the plan's memory limit. {@code name} is the add-on's name (e.g.
 * {@code postgresql-curved-12345}), used for the container, volume and network alias.
 */
public record AddonContainerSpec(String addonId, String name, String kind, String plan, String image,
                                 Map<String, String> environment, long memoryBytes, int port) {
    public AddonContainerSpec {
        Objects.requireNonNull(addonId, "addonId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(image, "image");
        environment = Map.copyOf(environment);
        if (memoryBytes <= 0 || port <= 0 || port > 65535) {
            throw new IllegalArgumentException("memory and port must be positive");
        }
    }
}
