package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.AddonKind;
import paas.process.addons.AddonContainer;
import paas.process.addons.AddonContainerSpec;
import paas.process.addons.AddonRuntime;

import java.util.Map;

/**
 * A provider whose service is one container of the {@link AddonRuntime}, from a service image
 * whose entrypoint reads its settings from the environment. Subclasses say which image, port and
 * environment, and how the URL looks.
 */
abstract class ContainerProvider implements AddonProvider {
    private final AddonRuntime runtime;
    private final String image;

    ContainerProvider(AddonRuntime runtime, String image) {
        this.runtime = runtime;
        this.image = image;
    }

    abstract int port();

    /** What the image's entrypoint reads: the password and the plan's limits. */
    abstract Map<String, String> environment(Addon addon, String password);

    /** The container the add-on runs as. */
    AddonContainerSpec spec(Addon addon, String password) {
        return new AddonContainerSpec(addon.id().toString(), addon.name().value(), kind().value(),
                addon.plan().plan().value(), image, environment(addon, password), addon.plan().limits().memoryBytes(),
                port());
    }

    @Override
    public AddonContainer provision(Addon addon, String password, AddonRuntime.DataVolume volume) {
        if (addon.kind() != kind()) {
            throw new IllegalArgumentException(addon.name() + " is not a " + kind().value() + " add-on");
        }
        return runtime.ensure(spec(addon, password), volume);
    }

    @Override
    public void deprovision(Addon addon) {
        runtime.remove(addon.id().toString(), true);
    }

    /** The add-on's host name on its apps' networks: its name (the container's network alias). */
    static String host(Addon addon) {
        return addon.name().value();
    }
}
