package paas.process;

import paas.process.addons.ExecTerminal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Runs dynos: processes or containers, one per dyno, each with the slug of its release unpacked
 * as the working directory and {@code HOME}, config vars, {@code PORT} and {@code DYNO} in its
 * environment, output sent line by line to a {@link DynoOutput}.
 *
 * <p>A runtime does not restart, time out or scale anything: that is the {@link Reconciler}'s
 * job. It starts, signals, lists and removes, and reports exits.
 *
 * <p>Thread-safety: every method may be called from any thread. Methods block on the engine or
 * the file system (a first {@link #start} of a release may unpack its slug or build its image)
 * and throw {@link RuntimeUnavailableException} when the engine cannot be reached; other
 * failures throw {@link IllegalStateException} or {@link java.io.UncheckedIOException} with the
 * cause.
 */
public interface Runtime extends AutoCloseable {
    /** {@code docker} or {@code local}, for the start-up line of paasd. */
    String name();

    /** Starts a dyno and returns once its process runs (not once it is ready). */
    DynoHandle start(DynoSpec spec);

    /**
     * Sends a signal to every process of a dyno (the whole process group or container). Does
     * nothing when the dyno has already exited or is unknown.
     */
    void signal(String dynoId, Signal signal);

    /**
     * Every dyno this runtime runs or ran and has not removed, including ones started by an
     * earlier instance of the runtime where the technology allows (containers found by label).
     * Attached one-off dynos are not listed: {@link #run} owns them.
     */
    List<DynoHandle> list();

    /** Forgets an exited dyno and frees what it used (container, directory, port). A running dyno is killed first. */
    void remove(String dynoId);

    /**
     * Calls {@code listener} once for each dyno that exits (with its exit code), from a runtime
     * thread. Returns a handle that ends the subscription.
     */
    AutoCloseable onExit(ExitListener listener);

    /**
     * Runs an attached one-off dyno: copies {@code stdin} to the dyno until it ends, the dyno's
     * output to {@code stdout} and {@code stderr}, and returns the command's exit code once the
     * dyno has exited and was removed. Interrupting the calling thread kills the dyno (the
     * client went away). Streams are not closed.
     */
    int run(OneOffSpec spec, InputStream stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException;

    /**
     * As {@link #run(OneOffSpec, InputStream, OutputStream, OutputStream)}, for a dyno with a
     * terminal ({@link OneOffSpec#tty()}): the terminal starts at {@code terminal}'s size (24x80
     * when it is not known), before the command runs, and follows every size it is given while the
     * dyno runs (the client's window resized). A runtime that gives no terminal ignores it, as
     * this default does.
     */
    default int run(OneOffSpec spec, ExecTerminal terminal, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws InterruptedException {
        return run(spec, stdin, stdout, stderr);
    }

    /**
     * Frees what the runtime keeps for an app beyond its dynos (release images, its network),
     * once the app is gone and its dynos have been removed. Never throws for something already
     * gone; what is still in use stays.
     */
    default void forgetApp(String app) {
    }

    /**
     * Stops following dynos (output, exits). Containers keep running and are adopted by the next
     * instance; local child processes are stopped, since nothing could adopt them.
     */
    @Override
    void close();

    /** Told when a dyno exits. Must not block for long. */
    @FunctionalInterface
    interface ExitListener {
        void exited(DynoHandle dyno);
    }
}
