package paas.logs;

import java.util.List;

/**
 * One log stream per app, fed by dynos, the router, the platform and builds; read by tails
 * (the CLI's {@code paas logs}) and copied to drains (syslog over TCP or TLS, HTTPS).
 *
 * <p>Guarantees, for every implementation:
 * <ul>
 *   <li>{@link #publish} never blocks on a reader. Each tail and each drain has its own bounded
 *       buffer; a reader that falls behind loses lines and is told exactly how many
 *       (L11 for tails, L10 for drains). A drain that refuses, hangs or closes affects nothing
 *       else.</li>
 *   <li>Lines of one app reach every reader in publish order. A tail gets its history and then
 *       every later line with none lost or doubled between the two.</li>
 *   <li>Lines longer than {@link LogLine#MAX_TEXT_BYTES} UTF-8 bytes, or holding newlines,
 *       are split, never dropped.</li>
 * </ul>
 *
 * <p>Thread-safe: every method may be called from any thread. Only {@link #close} waits, and
 * only briefly. The creator owns the router and closes it; each {@link Tail} is owned (and
 * closed) by whoever opened it.
 */
public interface LogRouter extends AutoCloseable {

    /** Adds a line to its app's stream. Never blocks on readers; after {@link #close} lines are ignored. */
    void publish(LogLine line);

    /**
     * Opens a tail on an app's stream (an app with no lines yet gives an empty history). Never
     * blocks; reading happens through the returned {@link Tail}, which the caller must close.
     */
    Tail tail(TailRequest request);

    /**
     * Makes {@code drains} the app's complete drain set. Drains already running with the same id,
     * URL and token keep their connection and buffer; others are started or stopped. Every URL is
     * checked against the router's {@link DrainPolicy} first: if one is refused, an
     * {@link InvalidDrainUrlException} says why and nothing changes. Never blocks on the network.
     */
    void setDrains(String app, List<Drain> drains);

    /** The app's drains with their delivery state, in the order they were set. */
    List<DrainStatus> drainStatus(String app);

    /** Forgets an app: ends its tails, stops its drains, frees its history. */
    void removeApp(String app);

    /** Ends every tail, stops every drain (lines still buffered for them are discarded) and frees all history. */
    @Override
    void close();
}
