package paas.api.service;

import paas.api.domain.AppName;

/** Told after an app's records are gone, so components can drop what they keep for it. */
@FunctionalInterface
public interface AppListener {
    AppListener NONE = app -> { };

    /** Called after the destroying transaction committed; must not throw for a missing resource. */
    void appDestroyed(AppName app);
}
