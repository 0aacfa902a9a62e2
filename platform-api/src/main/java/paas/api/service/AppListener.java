package paas.api.service;

import paas.api.domain.AppName;

/**
 * Told after a change to an app has committed, so the parts that act on an app's state (its
 * dynos, routes, drains, log stream) can catch up. Each call means "read the app's state again":
 * the listener never receives the state itself, so a missed or repeated call does no harm.
 */
public interface AppListener {
    AppListener NONE = app -> { };

    /** The app's records are gone. Must not throw for a resource that is missing. */
    void appDestroyed(AppName app);

    /**
     * Its releases, formation, domains, drains or maintenance mode changed.
     *
     * @param activity what happened, as the app's log shows it ("Set FOO config vars by
     *                 admin@localhost"), or null when there is nothing to tell
     */
    default void appChanged(AppName app, String activity) {
    }

    /** The app now has another name; everything kept under the old one should move. */
    default void appRenamed(AppName from, AppName to) {
    }
}
