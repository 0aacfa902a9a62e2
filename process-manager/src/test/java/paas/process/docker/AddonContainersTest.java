package paas.process.docker;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerNetworkSettings;
import org.junit.jupiter.api.Test;
import paas.process.addons.AddonContainer;
import paas.process.addons.AddonContainerSpec;

import java.lang.reflect.Field;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AddonContainersTest {
    static final AddonContainerSpec SPEC = new AddonContainerSpec("4f1c2a9e-0000-4000-8000-000000000001",
            "postgresql-curved-12345", "postgresql", "small", "paas/addon-postgresql:latest", Map.of(), 256L << 20, 5432);

    @Test
    void anAddonContainerIsNeverTakenForADynoSoNoSweepTreatsItAsAnOrphan() throws Exception {
        Map<String, String> labels = Labels.forAddon(SPEC, "paas");
        assertThat(labels).doesNotContainKey(Labels.APP).doesNotContainKey(Labels.DYNO)
                .containsEntry(Labels.MANAGED, "true").containsEntry(Labels.PLATFORM, "paas")
                .containsEntry(Labels.ADDON, SPEC.addonId()).containsEntry(Labels.ADDON_NAME, SPEC.name())
                .containsEntry(Labels.ADDON_KIND, "postgresql").containsEntry(Labels.ADDON_PLAN, "small");
        Container c = container(labels, "running", Map.of());
        assertThat(Containers.isDyno(c)).isFalse();
        assertThat(AddonContainers.isAddon(c)).isTrue();
    }

    @Test
    void aDynoIsNoAddon() throws Exception {
        Container dyno = container(Map.of(Labels.MANAGED, "true", Labels.APP, "shop", Labels.DYNO, "web.1",
                Labels.RELEASE, "3"), "running", Map.of());
        assertThat(Containers.isDyno(dyno)).isTrue();
        assertThat(AddonContainers.isAddon(dyno)).isFalse();
    }

    @Test
    void theAppsOfAnAddonAreThoseWhoseNetworksItIsOn() throws Exception {
        Container c = container(Labels.forAddon(SPEC, "paas"), "exited", Map.of(
                "paas-addon-postgresql-curved-12345", new ContainerNetwork(),
                "paas-app-shop", new ContainerNetwork(),
                "paas-app-blog", new ContainerNetwork(),
                "bridge", new ContainerNetwork()));
        AddonContainer a = AddonContainers.read(c);
        assertThat(a.apps()).containsExactlyInAnyOrder("shop", "blog");
        assertThat(a.running()).isFalse();
        assertThat(a.name()).isEqualTo("postgresql-curved-12345");
        assertThat(a.containerId()).isEqualTo("c0ffee");
    }

    /** A listed container as the engine's answer would give it (the model has no setters). */
    static Container container(Map<String, String> labels, String state, Map<String, ContainerNetwork> networks)
            throws Exception {
        Container c = new Container();
        c.labels = labels;
        set(c, "id", "c0ffee");
        set(c, "state", state);
        set(c, "networkSettings", new ContainerNetworkSettings().withNetworks(networks));
        return c;
    }

    private static void set(Container c, String field, Object value) throws Exception {
        Field f = Container.class.getDeclaredField(field);
        f.setAccessible(true);
        f.set(c, value);
    }
}
