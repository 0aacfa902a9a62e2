package paas.process.addons;

import java.util.Set;

/**
 * An add-on's container as the engine reports it: its id (stable across platform restarts),
 * whether it runs, and the apps whose networks it is on.
 */
public record AddonContainer(String addonId, String name, String kind, String containerId, boolean running,
                             Set<String> apps) {
    public AddonContainer {
        apps = Set.copyOf(apps);
    }
}
