package paas.api.dynos;

import paas.api.service.AppEvent;
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
    public void on(AppEvent event) {
        targets.forEach(t -> t.on(event));
    }
}
