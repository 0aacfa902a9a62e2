package paas.api.addons;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.store.Database;
import paas.process.addons.AddonEventListener;

import java.util.UUID;

/**
 * Crashes and restarts of add-on containers as lines in the logs of the apps that own and use
 * them: {@code paas[addon]: postgresql-curved-12345 crashed (exit 137), restarting}.
 */
final class AddonRuntimeEvents implements AddonEventListener {
    private static final Logger log = LoggerFactory.getLogger("paasd.addons");

    private final AddonLifecycle lifecycle;

    AddonRuntimeEvents(AddonLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void on(String addonId, Kind kind, String detail) {
        UUID id;
        try {
            id = UUID.fromString(addonId);
        } catch (IllegalArgumentException e) {
            return; // not one of ours: add-on containers carry their add-on's id
        }
        try {
            lifecycle.tellApps(id, text(lifecycle.nameOf(id), kind, detail));
        } catch (RuntimeException e) {
            log.warn("add-on {} {}: telling its apps failed: {}", addonId, kind, Database.rootMessage(e));
        }
    }

    static String text(String name, Kind kind, String detail) {
        String why = detail == null || detail.isBlank() ? "" : " (" + detail + ")";
        return switch (kind) {
            case CRASHED -> name + " crashed" + why + ", restarting";
            case RESTARTED -> name + " is running again";
        };
    }
}
