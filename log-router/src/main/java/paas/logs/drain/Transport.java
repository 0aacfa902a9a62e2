package paas.logs.drain;

import java.io.IOException;

/**
 * Delivers batches to one drain's receiver. Connects on first use and after a failure.
 * {@link #send} is called by the drain's one worker thread and may block as long as the
 * receiver makes it (a stalled receiver stalls only this drain). {@link #close} may be called
 * from any thread; it unblocks a {@code send} in progress and makes later sends fail.
 */
public interface Transport extends AutoCloseable {

    /** Delivers the batch, or throws: after a throw the connection is dropped and the next send reconnects. */
    void send(Batch batch) throws IOException, InterruptedException;

    @Override
    void close();

    /** Makes the transport a drain's URL names (syslog+tls, syslog, https). */
    @FunctionalInterface
    interface Factory {
        Transport create(paas.logs.Drain drain);
    }
}
