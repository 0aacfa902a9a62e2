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
}
