package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.AddonKind;
import paas.process.addons.AddonRuntime;

import java.util.Map;

/**
 * Redis add-ons: the image {@code paas/addon-redis} (deploy/stack), with the plan's client limit.
 * Redis's own memory limit is three quarters of the container's, so its copy-on-write fork for an
 * AOF rewrite and its buffers fit under the container's limit instead of getting it killed.
 */
public final class RedisProvider extends ContainerProvider {
    public static final String IMAGE = "paas/addon-redis:latest";
    static final int PORT = 6379;

    public RedisProvider(AddonRuntime runtime, String image) {
        super(runtime, image);
    }

    @Override
    public AddonKind kind() {
        return AddonKind.REDIS;
    }

    @Override
    int port() {
        return PORT;
    }

    @Override
    Map<String, String> environment(Addon addon, String password) {
        long maxMemoryMib = addon.plan().limits().memoryBytes() * 3 / 4 / (1024 * 1024);
        return Map.of("PAAS_ADDON_PASSWORD", password,
                "PAAS_ADDON_MAXMEMORY", maxMemoryMib + "mb",
                "PAAS_ADDON_MAX_CLIENTS", Integer.toString(addon.plan().limits().connections()));
    }

    @Override
    public String credentials(Addon addon, String password) {
        return "redis://:" + password + "@" + host(addon) + ":" + PORT;
    }
}
