package paas.router;

/**
 * Where the router's per-request log lines go (source {@code router} in the app's log stream).
 *
 * <p>The router never calls {@link #accept} on a request path: lines are handed to a bounded
 * queue on the event loop and delivered from one dedicated thread, in the order they were
 * produced. So an implementation is called by one thread at a time and may block briefly, but a
 * slow one only fills the queue: once it is full the router drops new lines and counts them
 * ({@link paas.router.proxy.RouterServer#droppedLogLines()}) rather than wait. An exception thrown here is logged
 * and the next line is delivered as usual.
 */
@FunctionalInterface
public interface RouterLog {
    void accept(RouterLogLine line);

    /** Discards every line. */
    RouterLog NONE = line -> { };
}
