package paas.process;

/**
 * Receives every lifecycle event of every dyno; {@link PlatformLog#lines(DynoEvent)} gives the
 * app log lines for it. Called from the reconciler's thread (and from the caller's thread for
 * one-off starts); must be thread-safe and must not block for long.
 */
@FunctionalInterface
public interface DynoEventListener {
    void on(DynoEvent event);
}
