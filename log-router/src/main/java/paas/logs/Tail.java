package paas.logs;

import java.time.Duration;
import java.util.Optional;

/**
 * A reader's view of one app's stream, opened by {@link LogRouter#tail}: first the requested
 * history, then (when following) every live line published after it, with nothing lost or
 * doubled between the two.
 *
 * <p>Live lines wait in this tail's own bounded buffer. When the reader falls behind and the
 * buffer is full, new lines are dropped (the publisher is never held up) and, once the reader
 * has room again, it receives one line from source {@code paas}, dyno {@code logplex}:
 * {@code Error L11 (Tail buffer overflow): N messages dropped since 2026-11-24T22:00:00+00:00.}
 * with the exact number dropped. That notice ignores the tail's filters.
 *
 * <p>Threading: {@link #poll} is meant for one reader thread (a virtual thread is ideal: it
 * blocks). {@link #close} may be called from any thread and wakes a blocked {@code poll}.
 * The opener owns the tail and must close it; the router also ends it when the app is
 * removed or the router closes.
 */
public interface Tail extends AutoCloseable {

    /**
     * The next line, waiting up to {@code timeout} for one. Empty when none came in time or the
     * tail has ended; tell the two apart with {@link #isEnded()}.
     *
     * @throws InterruptedException if the reading thread is interrupted while waiting
     */
    Optional<LogLine> poll(Duration timeout) throws InterruptedException;

    /**
     * True once this tail will deliver nothing more: its history has been read and it does not
     * follow, or it has been closed.
     */
    boolean isEnded();

    /** Stops delivery and releases the buffer. Idempotent; never blocks. */
    @Override
    void close();
}
