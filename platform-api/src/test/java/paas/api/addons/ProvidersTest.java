package paas.api.addons;

import org.junit.jupiter.api.Test;
import paas.api.domain.Addon;
import paas.api.domain.AddonName;
import paas.api.domain.AddonPlanRef;
import paas.process.addons.AddonContainerSpec;
import paas.process.addons.AddonDataMissingException;
import paas.process.addons.AddonRuntime;

import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the providers ask the runtime for (image, environment, memory) and the URLs apps get. */
class ProvidersTest {
    private static final UUID ID = UUID.fromString("0a8e3b1c-1111-4222-8333-944445555666");
    private final MemoryAddonRuntime runtime = new MemoryAddonRuntime();

    private static Addon addon(String plan, String name) {
        return new Addon(ID, new AddonName(name), AddonPlanRef.parse(plan), Optional.empty(), Addon.State.PROVISIONING,
                Instant.EPOCH, Instant.EPOCH);
    }

    @Test
    void postgresqlGetsItsPlansLimitsAndAUrlOnItsName() {
        PostgresProvider postgres = new PostgresProvider(runtime, PostgresProvider.IMAGE);
        Addon small = addon("postgresql", "postgresql-curved-12345");
        AddonContainerSpec spec = postgres.spec(small, "s3cret");
        assertThat(spec.image()).isEqualTo("paas/addon-postgresql:latest");
        assertThat(spec.kind()).isEqualTo("postgresql");
        assertThat(spec.plan()).isEqualTo("small");
        assertThat(spec.port()).isEqualTo(5432);
        assertThat(spec.memoryBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(spec.environment()).containsEntry("PAAS_ADDON_PASSWORD", "s3cret")
                .containsEntry("PAAS_ADDON_USER", "u0a8e3b1c1111")
                .containsEntry("PAAS_ADDON_DATABASE", "d0a8e3b1c1111")
                .containsEntry("PAAS_ADDON_MAX_CONNECTIONS", "20")
                .containsEntry("PAAS_ADDON_SHARED_BUFFERS", "32MB");
        assertThat(postgres.spec(addon("postgresql:standard", "orders-db"), "x").environment())
                .containsEntry("PAAS_ADDON_MAX_CONNECTIONS", "120").containsEntry("PAAS_ADDON_SHARED_BUFFERS", "128MB");

        String url = postgres.credentials(small, "s3cret");
        assertThat(url).isEqualTo("postgres://u0a8e3b1c1111:s3cret@postgresql-curved-12345:5432/d0a8e3b1c1111");
        URI parsed = URI.create(url);
        assertThat(parsed.getHost()).isEqualTo("postgresql-curved-12345");
        assertThat(parsed.getPort()).isEqualTo(5432);
    }

    @Test
    void redisKeepsItsOwnLimitUnderTheContainersAndGetsAUrlWithThePasswordOnly() {
        RedisProvider redis = new RedisProvider(runtime, RedisProvider.IMAGE);
        Addon small = addon("redis", "redis-round-54321");
        AddonContainerSpec spec = redis.spec(small, "pw");
        assertThat(spec.image()).isEqualTo("paas/addon-redis:latest");
        assertThat(spec.memoryBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(spec.port()).isEqualTo(6379);
        assertThat(spec.environment()).containsEntry("PAAS_ADDON_PASSWORD", "pw")
                .containsEntry("PAAS_ADDON_MAXMEMORY", "48mb").containsEntry("PAAS_ADDON_MAX_CLIENTS", "50");
        assertThat(redis.spec(addon("redis:standard", "cache"), "pw").environment())
                .containsEntry("PAAS_ADDON_MAXMEMORY", "192mb").containsEntry("PAAS_ADDON_MAX_CLIENTS", "500");
        assertThat(redis.credentials(small, "pw")).isEqualTo("redis://:pw@redis-round-54321:6379");
    }

    @Test
    void provisioningEnsuresTheContainerAndDeprovisioningRemovesItsData() {
        PostgresProvider postgres = new PostgresProvider(runtime, PostgresProvider.IMAGE);
        Addon addon = addon("postgresql", "orders-db");
        String first = postgres.provision(addon, "pw", AddonRuntime.DataVolume.CREATE).containerId();
        assertThat(postgres.provision(addon, "pw", AddonRuntime.DataVolume.EXISTING).containerId()).isEqualTo(first);
        assertThat(runtime.creates).isEqualTo(1);
        postgres.deprovision(addon);
        assertThat(runtime.removedWithData).containsExactly(ID.toString());
        assertThatThrownBy(() -> postgres.provision(addon, "pw", AddonRuntime.DataVolume.EXISTING))
                .isInstanceOf(AddonDataMissingException.class);
        assertThat(runtime.creates).as("nothing made in place of the lost data").isEqualTo(1);
    }
}
