package paas.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciler's side of a {@link DynoEventListener}: a listener that throws is logged, never
 * allowed to end a pass half-way (the dynos it reports on must still be looked after).
 */
final class DynoEvents {
    private static final Logger log = LoggerFactory.getLogger(DynoEvents.class);

    private final DynoEventListener listener;

    DynoEvents(DynoEventListener listener) {
        this.listener = listener;
    }

    void publish(DynoEvent e) {
        try {
            listener.on(e);
        } catch (RuntimeException ex) {
            log.warn("reconciler: event listener failed on {}: {}", e, ex.toString(), ex);
        }
    }
}
