package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.WaitResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.OneOffSpec;
import paas.process.RuntimeUnavailableException;
import paas.process.addons.ExecTerminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Attached one-off dynos ({@code paas run}): the client's streams are joined to the container's
 * over an attach connection, the container is started, and its exit awaited. Knows which
 * attached containers a call of this platform process owns (the others lost their client).
 * Thread-safe.
 */
final class AttachedOneOffs {
    private static final Logger log = LoggerFactory.getLogger(AttachedOneOffs.class);

    private final DockerClient docker;
    private final URI engine;
    private final Set<String> attachedHere = ConcurrentHashMap.newKeySet();

    AttachedOneOffs(DockerClient docker, URI engine) {
        this.docker = docker;
        this.engine = engine;
    }

    /** Whether a {@link #run} call of this process owns the container. */
    boolean ownedHere(String id) {
        return attachedHere.contains(id);
    }

    /**
     * Attaches to the created container {@code id}, starts it and returns its exit code once it
     * exited and its output was copied; with a {@code terminal}, the container's follows every
     * size it is given from the start on. The caller removes the container afterwards, also when
     * this throws or is interrupted (the client went away and the dyno goes with it).
     */
    int run(String id, OneOffSpec spec, Optional<ExecTerminal> terminal, InputStream stdin, OutputStream stdout,
            OutputStream stderr) throws InterruptedException {
        attachedHere.add(id);
        Thread input = null;
        AttachConnection attach = null;
        AutoCloseable following = () -> { };
        try {
            try {
                attach = AttachConnection.open(engine, id, spec.tty());
            } catch (IOException e) {
                if (Engine.unreachable(e)) {
                    throw new RuntimeUnavailableException("docker engine at " + engine
                            + " did not answer (" + e.getMessage() + "); start it (deploy/docker/ensure-engine.sh)", e);
                }
                throw new UncheckedIOException(e);
            }
            AttachConnection session = attach;
            Thread output = Thread.ofVirtual().name("attach-out-" + spec.name()).start(() -> {
                try {
                    session.copyOutput(stdout, stderr);
                } catch (IOException e) {
                    log.debug("one-off {} {}: output ended: {}", spec.app(), spec.name(), e.toString());
                }
            });
            input = Thread.ofVirtual().name("attach-in-" + spec.name()).start(() -> {
                try {
                    session.copyStdin(stdin);
                } catch (IOException e) {
                    log.debug("one-off {} {}: input ended: {}", spec.app(), spec.name(), e.toString());
                }
            });
            Engine.run(engine, () -> docker.startContainerCmd(id).exec());
            if (terminal.isPresent()) {
                // Sizes told before the start were only remembered: follow applies the latest now.
                following = terminal.get().follow(new TerminalResizes(Containers.shortId(id), size -> {
                    if (size.known()) {
                        resize(id, size);
                    }
                }));
            }
            // After the start: waiting on a container that was only created answers at once, with 0.
            int code = waitFor(id).get();
            output.join(Duration.ofSeconds(10)); // the rest of the output
            return code;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for one-off " + spec.app() + " " + spec.name() + ": " + e.getCause(), e.getCause());
        } finally {
            if (input != null) {
                input.interrupt();
            }
            if (attach != null) {
                attach.close();
            }
            try {
                following.close();
            } catch (Exception e) {
                // only a subscription: nothing to release
            }
            attachedHere.remove(id);
        }
    }

    /** A failure leaves the terminal's size as it was: the session works, only drawn oddly. */
    private void resize(String id, ExecTerminal.Size size) {
        try {
            docker.resizeContainerCmd(id).withSize(size.rows(), size.columns()).exec();
        } catch (RuntimeException e) {
            log.debug("one-off {}: terminal not resized: {}", Containers.shortId(id), e.toString());
        }
    }

    private CompletableFuture<Integer> waitFor(String id) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Engine.call(engine, () -> docker.waitContainerCmd(id).exec(new ResultCallback.Adapter<WaitResponse>() {
            @Override
            public void onNext(WaitResponse r) {
                f.complete(r.getStatusCode());
            }

            @Override
            public void onError(Throwable t) {
                f.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                f.completeExceptionally(new IllegalStateException("wait ended without a status"));
            }
        }));
        return f;
    }
}
