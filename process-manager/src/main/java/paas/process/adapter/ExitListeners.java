package paas.process.adapter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.DynoHandle;
import paas.process.Runtime;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The subscribers of one runtime's {@link Runtime#onExit}: each is told of every exit; one that
 * throws is logged and does not keep the others from hearing of it. Thread-safe.
 */
public final class ExitListeners {
    private static final Logger log = LoggerFactory.getLogger(ExitListeners.class);

    private final String runtime;
    private final List<Runtime.ExitListener> listeners = new CopyOnWriteArrayList<>();

    /** @param runtime the runtime's name, for the log ({@code docker}, {@code local}) */
    public ExitListeners(String runtime) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /** {@link Runtime#onExit}: subscribes until the returned handle is closed. */
    public AutoCloseable add(Runtime.ExitListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Tells every subscriber that {@code dyno} exited (its handle carries the exit code). */
    public void tell(DynoHandle dyno) {
        for (Runtime.ExitListener l : listeners) {
            try {
                l.exited(dyno);
            } catch (RuntimeException e) {
                log.warn("{}: exit listener failed", runtime, e);
            }
        }
    }
}
