package paas.api.addons;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.api.store.Database;

/**
 * Add-ons follow their apps: an app's destroy settles the add-ons it owned (handed to another
 * attached app, or destroyed with their data) and takes the others off its network; a rename
 * moves them to the network of the new name. Failures are logged, not thrown: the change they
 * follow has committed, and paasd's next start settles what is left.
 */
final class AddonAppHook implements AppListener {
    private static final Logger log = LoggerFactory.getLogger("paasd.addons");

    private final AddonLifecycle lifecycle;

    AddonAppHook(AddonLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void on(AppEvent event) {
        try {
            switch (event) {
                case AppEvent.Destroyed destroyed -> lifecycle.appDestroyed(destroyed.app());
                case AppEvent.Renamed renamed -> lifecycle.appRenamed(renamed.from(), renamed.app());
                default -> {
                }
            }
        } catch (RuntimeException e) {
            log.warn("the add-ons of app {} could not follow its change ({}): {}; paasd's next start settles them",
                    event.app(), event.getClass().getSimpleName(), Database.rootMessage(e));
        }
    }
}
