package paas.api.dynos;

import paas.api.domain.AppName;
import paas.api.service.AppListener;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lets the services be built before the parts they notify (which in turn need the services):
 * notices go to the listeners added so far, in order. Thread-safe.
 */
public final class DeferredAppListener implements AppListener {
    private final List<AppListener> targets = new CopyOnWriteArrayList<>();

    public void add(AppListener target) {
        targets.add(target);
    }

    @Override
    public void appDestroyed(AppName app) {
        targets.forEach(t -> t.appDestroyed(app));
    }

    @Override
    public void appChanged(AppName app, String activity) {
        targets.forEach(t -> t.appChanged(app, activity));
    }

    @Override
    public void appRenamed(AppName from, AppName to) {
        targets.forEach(t -> t.appRenamed(from, to));
    }
}
