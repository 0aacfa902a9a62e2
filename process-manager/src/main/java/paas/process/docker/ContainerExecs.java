package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.model.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.RuntimeUnavailableException;
import paas.process.addons.ExecTerminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Commands run inside a running container ({@code docker exec}, with a terminal or not): its input copied
 * from the caller's stream and closed at that stream's end, its output copied to the caller's
 * streams, its exit code answered.
 *
 * <p>The engine has no call that ends an exec. So each one carries a random marker in its
 * environment, and an interrupted caller has a second exec send SIGTERM to every process of the
 * container whose environment holds it (the command and whatever it started).
 *
 * <p>Blocking; the copying runs on platform threads (the caller's input may be any stream).
 * Thread-safe.
 */
final class ContainerExecs {
    private static final Logger log = LoggerFactory.getLogger(ContainerExecs.class);
    static final String MARKER = "PAAS_EXEC_ID";
    /** How long the engine may take to note an exec's exit code after its output ended. */
    private static final Duration EXIT_CODE_PATIENCE = Duration.ofSeconds(5);
    /** Sends SIGTERM to the processes whose environment holds the marker given as $0. */
    private static final String END_MARKED = "for p in /proc/[0-9]*; do"
            + " if tr '\\0' '\\n' < \"$p/environ\" 2>/dev/null | grep -qx \"" + MARKER + "=$0\"; then"
            + " kill -TERM \"${p#/proc/}\" 2>/dev/null; fi; done";

    private final DockerClient docker;
    private final URI engine;
    private final String user;

    /** @param user who commands run as, e.g. {@code 999:999} */
    ContainerExecs(DockerClient docker, URI engine, String user) {
        this.docker = docker;
        this.engine = engine;
        this.user = user;
    }

    /**
     * Runs {@code command} in the running container {@code containerId} and returns its exit code
     * once it ended and its output was copied. {@code stdin} may be null (the command's input is
     * then empty). Interrupted, it ends the command and throws {@link InterruptedException}.
     */
    int run(String containerId, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws InterruptedException {
        return run(containerId, command, Optional.empty(), stdin, stdout, stderr);
    }

    /**
     * As {@link #run(String, List, InputStream, OutputStream, OutputStream)}; with a terminal
     * ({@code docker exec -t}) the command gets its {@code TERM} and size (and every later size
     * the terminal is given while it runs), its output comes as one stream on {@code stdout}, and
     * its input stays open when {@code stdin} ends.
     */
    int run(String containerId, List<String> command, Optional<ExecTerminal> terminal, InputStream stdin,
            OutputStream stdout, OutputStream stderr) throws InterruptedException {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("an exec needs a command");
        }
        String marker = UUID.randomUUID().toString();
        List<String> env = new ArrayList<>(List.of(MARKER + "=" + marker));
        terminal.ifPresent(t -> env.add("TERM=" + t.term()));
        boolean tty = terminal.isPresent();
        List<String> run = sizedFromTheStart(command, terminal);
        String execId = Engine.call(engine, () -> docker.execCreateCmd(containerId)
                .withCmd(run.toArray(String[]::new))
                .withUser(user)
                .withEnv(env)
                .withAttachStdin(stdin != null).withAttachStdout(true).withAttachStderr(true).withTty(tty)
                .exec().getId());
        AttachConnection session;
        AutoCloseable following = () -> { };
        try {
            session = AttachConnection.startExec(engine, execId, tty);
            if (terminal.isPresent()) {
                following = terminal.get().follow(new TerminalResizes(shortId(execId), size -> resize(execId, size)));
            }
        } catch (AttachConnection.Refused e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new RuntimeUnavailableException("docker engine at " + engine + " did not answer ("
                    + e.getMessage() + "); start it (deploy/docker/ensure-engine.sh)", e);
        }
        try {
            Thread output = Thread.ofPlatform().daemon().name("exec-out-" + shortId(execId)).start(() -> {
                try {
                    session.copyOutput(stdout, stderr);
                } catch (IOException e) {
                    log.debug("exec {}: output ended: {}", shortId(execId), e.toString());
                }
            });
            if (stdin != null) {
                Thread.ofPlatform().daemon().name("exec-in-" + shortId(execId)).start(() -> {
                    try {
                        session.copyStdin(stdin);
                    } catch (IOException e) {
                        log.debug("exec {}: input ended: {}", shortId(execId), e.toString());
                    }
                });
            }
            try {
                output.join();
            } catch (InterruptedException e) {
                endMarked(containerId, marker);
                throw e;
            }
        } finally {
            session.close(); // also ends an input copy still waiting for the caller's stream
            closeQuietly(following);
        }
        return exitCode(execId);
    }

    /**
     * The command, run after {@code stty} gave the terminal the client's size (or 24x80): the
     * engine (API 1.41) cannot size an exec's terminal at create, and the resize after start races
     * the command, which then saw {@code stty size} print {@code 0 0} (CI run 17). Integers only,
     * so nothing of the client's reaches the shell's text.
     */
    static List<String> sizedFromTheStart(List<String> command, Optional<ExecTerminal> terminal) {
        if (terminal.isEmpty()) {
            return command;
        }
        ExecTerminal.Size size = terminal.get().size().orDefault();
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                "stty rows " + size.rows() + " cols " + size.columns() + " 2>/dev/null; exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Gives a started exec's terminal the client's size (the engine's API before 1.42 takes no size
     * at start), or 24x80 when the client does not know it: the engine's own default is 0x0, on
     * which psql takes every answer for longer than the screen and waits in its pager. A failure
     * leaves the engine's size: the session works, only drawn oddly.
     */
    private void resize(String execId, ExecTerminal.Size size) {
        ExecTerminal.Size shown = size.orDefault();
        try {
            docker.resizeExecCmd(execId).withSize(shown.rows(), shown.columns()).exec();
        } catch (RuntimeException e) {
            log.debug("exec {}: terminal not resized: {}", shortId(execId), e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            // only a subscription: nothing to release
        }
    }

    private int exitCode(String execId) throws InterruptedException {
        long deadline = System.nanoTime() + EXIT_CODE_PATIENCE.toNanos();
        while (true) {
            InspectExecResponse r = Engine.call(engine, () -> docker.inspectExecCmd(execId).exec());
            if (!Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
                return r.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("exec " + shortId(execId) + " ended its output but the engine reports no"
                        + " exit code after " + EXIT_CODE_PATIENCE.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    /** Asks the container to end the processes of an exec; the caller does not wait for them. */
    private void endMarked(String containerId, String marker) {
        try {
            String killer = docker.execCreateCmd(containerId).withCmd("/bin/sh", "-c", END_MARKED, marker)
                    .withUser(user).withAttachStdout(false).withAttachStderr(false).exec().getId();
            docker.execStartCmd(killer).withDetach(true).exec(new ResultCallback.Adapter<Frame>()).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("could not end an interrupted exec in container {}: {}", Containers.shortId(containerId), e.toString());
        }
    }

    private static String shortId(String id) {
        return Containers.shortId(id);
    }
}
