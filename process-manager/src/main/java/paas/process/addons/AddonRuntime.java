package paas.process.addons;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Runs add-on services (a database, a cache): one long-lived container per add-on, its data on
 * a named volume, reachable only from the networks of the apps it is attached to, under the
 * add-on's name as host name.
 *
 * <p>Unlike dynos, an add-on container is never recreated: {@link #ensure} adopts the container
 * it finds by label (after a platform restart, after the engine came back) and creates one only
 * when none exists; a data volume only on the first provisioning, never silently in place of one
 * that was lost. The engine restarts a crashed container; {@link #onEvent} reports crashes and
 * restarts so the platform can write them to the apps' logs.
 *
 * <p>Thread-safety: every method may be called from any thread. Methods block on the engine and
 * throw {@link paas.process.RuntimeUnavailableException} when it cannot be reached.
 */
public interface AddonRuntime extends AutoCloseable {

    /** Whether {@link #ensure} may make the add-on's data volume, or only use the one it has. */
    enum DataVolume {
        /** First provisioning (or an explicit re-provisioning onto an empty volume): made when absent. */
        CREATE,
        /** The add-on was provisioned before: its volume holds its data and must be there. */
        EXISTING
    }

    /**
     * Makes sure the add-on's container exists and runs: adopts it when found by its add-on id,
     * otherwise creates its container (and, with {@link DataVolume#CREATE}, its volume) and starts
     * it. Idempotent; returns once the container runs (not once the service accepts connections:
     * see {@link #awaitReady}).
     *
     * @throws AddonDataMissingException with {@link DataVolume#EXISTING} when neither the container
     *         nor its volume exists; nothing is created then
     */
    AddonContainer ensure(AddonContainerSpec spec, DataVolume volume);

    /** Waits until the service inside answers (e.g. {@code pg_isready}); false on timeout. */
    boolean awaitReady(String addonId, java.time.Duration timeout) throws InterruptedException;

    /** Connects the add-on to the app's network, with its name as alias. Idempotent. */
    void attach(String addonId, String app);

    /** Disconnects the add-on from the app's network. Idempotent. */
    void detach(String addonId, String app);

    /** The add-on's container as the engine sees it now, if there is one. */
    Optional<AddonContainer> find(String addonId);

    /** Every add-on container of this platform installation, running or not. */
    List<AddonContainer> list();

    /**
     * Removes the container and, with {@code purgeData}, its volume. Never throws for something
     * already gone.
     */
    void remove(String addonId, boolean purgeData);

    /**
     * Runs a command inside the add-on's container (a tool such as {@code pg_dump} or
     * {@code redis-cli}), copying {@code stdin} (may be null) to it and its output to the streams;
     * returns its exit code. Interrupting the calling thread ends the command. Streams are not
     * closed.
     */
    int exec(String addonId, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws InterruptedException;

    /**
     * As {@link #exec(String, List, InputStream, OutputStream, OutputStream)}, with a terminal when
     * {@code terminal} is present (an interactive {@code psql} or {@code redis-cli}): of its
     * {@code TERM} and size, following the sizes it is given while the command runs; the command's
     * output and errors then come as one stream on {@code stdout}, and its input is not closed when
     * {@code stdin} ends (a terminal has no end of input; Ctrl-D is a byte the command reads).
     *
     * @throws UnsupportedOperationException with a terminal, from a runtime that has none
     */
    default int exec(String addonId, List<String> command, Optional<ExecTerminal> terminal, InputStream stdin,
                     OutputStream stdout, OutputStream stderr) throws InterruptedException {
        if (terminal.isPresent()) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " runs commands without a terminal");
        }
        return exec(addonId, command, stdin, stdout, stderr);
    }

    /**
     * As {@link #exec(String, List, Optional, InputStream, OutputStream, OutputStream)}, but as an
     * unprivileged user the service does not trust (uid 65534, which owns nothing in the container
     * and has no role in the service): for a tenant's own client (pg:psql, redis:cli), whose shell
     * escapes ({@code \!} in psql) must not act as the service's OS user, which owns its data and
     * is PostgreSQL's superuser over the local socket. The client reaches the service over TCP
     * with the add-on's password, as an app does.
     *
     * @throws UnsupportedOperationException from a runtime that cannot run commands as another user
     */
    default int execAsClient(String addonId, List<String> command, Optional<ExecTerminal> terminal, InputStream stdin,
                             OutputStream stdout, OutputStream stderr) throws InterruptedException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot run a client as another user");
    }

    /** Subscribes to crashes and restarts of add-on containers; the handle ends the subscription. */
    AutoCloseable onEvent(AddonEventListener listener);

    /** Stops following events; containers keep running. */
    @Override
    void close();
}
