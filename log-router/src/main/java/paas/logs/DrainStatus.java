package paas.logs;

import java.time.Instant;
import java.util.Objects;

/**
 * A drain's delivery state at one moment, for {@code paas drains} and for operators.
 *
 * @param drain       the drain
 * @param connected   whether its last delivery attempt succeeded
 * @param delivered   lines handed to the receiver (written to the socket, or accepted with a 2xx)
 * @param dropped     lines lost because its buffer was full, over its life
 * @param buffered    lines waiting now, at most {@code capacity}
 * @param capacity    the size of its buffer, in lines
 * @param lastError   what went wrong last, or {@code null}
 * @param lastErrorAt when, or {@code null}
 */
public record DrainStatus(Drain drain, boolean connected, long delivered, long dropped, int buffered, int capacity,
                          String lastError, Instant lastErrorAt) {
    public DrainStatus {
        Objects.requireNonNull(drain, "drain");
    }
}
