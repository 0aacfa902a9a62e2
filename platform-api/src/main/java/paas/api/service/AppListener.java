package paas.api.service;

/**
 * Told after a change to an app has committed, so the parts that act on an app's state (its
 * dynos, routes, drains, log stream, repository) can catch up. Each event means "read the app's
 * state again": a missed or repeated event does no harm.
 */
@FunctionalInterface
public interface AppListener {
    AppListener NONE = event -> { };

    /** Tells each of {@code listeners}, in order. */
    static AppListener all(AppListener... listeners) {
        java.util.List<AppListener> targets = java.util.List.of(listeners);
        return event -> targets.forEach(t -> t.on(event));
    }

    void on(AppEvent event);
}
