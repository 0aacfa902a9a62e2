package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.AddonKind;
import paas.process.addons.AddonRuntime;

import java.util.Map;

/**
 * PostgreSQL add-ons: the image {@code paas/addon-postgresql} (deploy/stack), one database and its
 * owner per add-on, named after the add-on's id so they never change, with the plan's connection
 * limit and shared buffers of an eighth of its memory.
 */
public final class PostgresProvider extends ContainerProvider {
    public static final String IMAGE = "paas/addon-postgresql:latest";
    static final int PORT = 5432;

    public PostgresProvider(AddonRuntime runtime, String image) {
        super(runtime, image);
    }

    @Override
    public AddonKind kind() {
        return AddonKind.POSTGRESQL;
    }

    @Override
    int port() {
        return PORT;
    }

    /** The database's owner: {@code u} and the first 12 hex digits of the add-on's id. */
    static String user(Addon addon) {
        return "u" + shortId(addon);
    }

    /** The database: {@code d} and the first 12 hex digits of the add-on's id. */
    static String database(Addon addon) {
        return "d" + shortId(addon);
    }

    @Override
    Map<String, String> environment(Addon addon, String password) {
        long memoryMib = addon.plan().limits().memoryBytes() / (1024 * 1024);
        return Map.of("PAAS_ADDON_PASSWORD", password,
                "PAAS_ADDON_USER", user(addon),
                "PAAS_ADDON_DATABASE", database(addon),
                "PAAS_ADDON_MAX_CONNECTIONS", Integer.toString(addon.plan().limits().connections()),
                "PAAS_ADDON_SHARED_BUFFERS", (memoryMib / 8) + "MB");
    }

    @Override
    public String credentials(Addon addon, String password) {
        return "postgres://" + user(addon) + ":" + password + "@" + host(addon) + ":" + PORT + "/" + database(addon);
    }

    private static String shortId(Addon addon) {
        return addon.id().toString().replace("-", "").substring(0, 12);
    }
}
