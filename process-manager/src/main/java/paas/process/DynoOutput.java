package paas.process;

/**
 * Receives every line a dyno writes on standard output or error, without its line end. Called
 * from runtime reader threads, one thread per dyno stream; implementations must be thread-safe
 * and must not block for long (a slow consumer holds up the dyno's pipe).
 */
@FunctionalInterface
public interface DynoOutput {
    void line(String app, String dyno, String line);

    DynoOutput DISCARD = (app, dyno, line) -> { };
}
