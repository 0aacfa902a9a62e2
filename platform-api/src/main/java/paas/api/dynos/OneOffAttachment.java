package paas.api.dynos;

import java.io.InputStream;
import java.io.OutputStream;

/** A one-off dyno waiting for its client: running it connects the client's streams to it. */
@FunctionalInterface
public interface OneOffAttachment {
    /**
     * Starts the dyno, copies {@code stdin} to it and its output to {@code stdout} and
     * {@code stderr} (both, with a terminal, to {@code stdout}), and returns its exit status once it
     * has exited. Interrupting the calling thread kills the dyno (the client went away). Streams
     * are not closed.
     *
     * @throws RuntimeException with the reason when the dyno cannot be started
     */
    int run(InputStream stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException;

    /**
     * The client's terminal now has this size (its window was resized) while {@link #run} runs.
     * Called on the connection's event loop: must not block. Ignored by default (a dyno whose
     * terminal keeps its first size); sizes out of range are ignored too.
     */
    default void resize(int rows, int columns) {
    }
}
