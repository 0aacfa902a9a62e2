package paas.api.stream;

import java.net.SocketAddress;

/**
 * The connection a stream is served on, as {@link Sessions} sees it: who is at the other end, and
 * how to end the stream early when the access it was opened with is taken away.
 */
public interface StreamConnection {
    /** The client's address, which the failed-token back-off counts by. */
    SocketAddress remoteAddress();

    /**
     * Ends the stream now, telling the client {@code why} where the protocol has room for it.
     * Any thread; must not block; harmless when the stream has ended already.
     */
    void revoke(String why);

    /** Runs {@code action} once the connection has closed (at once when it has already). */
    void whenClosed(Runnable action);
}
