package paas.api.stream;

import java.time.Duration;
import java.util.Optional;

/** The lines of one log session, already formatted for the client, read by one thread. */
public interface LogStream extends AutoCloseable {
    /**
     * The next line (without its line end), waiting up to {@code timeout}. Empty when none came in
     * time or the stream has ended; {@link #ended()} tells the two apart.
     */
    Optional<String> next(Duration timeout) throws InterruptedException;

    /** True once nothing more will come (history delivered and not tailing, or closed). */
    boolean ended();

    /** Releases the session; idempotent, callable from any thread. */
    @Override
    void close();
}
