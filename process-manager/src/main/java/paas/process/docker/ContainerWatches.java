package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.WaitResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.DynoHandle;
import paas.process.DynoOutput;
import paas.process.Runtime;
import paas.process.adapter.ExitListeners;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Follows running dyno containers: each one's output ({@code docker logs -f}) goes line by line
 * to the {@link DynoOutput}, and its exit ({@code docker wait}) to the exit listeners, after its
 * last lines. A stream that breaks while the container runs on (the engine restarted, a proxy in
 * between) ends the watch, so that the runtime's next {@code list()} watches the container again,
 * its output resumed where it broke. Closing ends every watch; containers keep running.
 * Thread-safe.
 */
final class ContainerWatches implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ContainerWatches.class);
    /** How long a dropped log or exit stream waits for the engine before giving the container up to list(). */
    private static final Duration REFOLLOW_PATIENCE = Duration.ofMinutes(10);
    /** How long a log stream that ended gives the exit wait to report an exit, before asking the engine. */
    private static final Duration EXIT_WAIT_FIRST = Duration.ofSeconds(1);
    /** How often an engine that does not answer is asked again. */
    private static final Duration ENGINE_RETRY = Duration.ofSeconds(1);

    private final DockerClient docker;
    private final URI engine;
    private final DynoOutput output;
    private final ExitListeners listeners = new ExitListeners("docker");
    private final Map<String, List<ResultCallback.Adapter<?>>> watched = new ConcurrentHashMap<>();
    /** When each followed container last wrote a line, to resume a broken log stream there. */
    private final Map<String, Instant> lastOutput = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    ContainerWatches(DockerClient docker, URI engine, DynoOutput output) {
        this.docker = docker;
        this.engine = engine;
        this.output = output;
    }

    /** {@link Runtime#onExit}. */
    AutoCloseable onExit(Runtime.ExitListener listener) {
        return listeners.add(listener);
    }

    boolean closed() {
        return closing.getCount() == 0;
    }

    boolean watching(String id) {
        return watched.containsKey(id);
    }

    /**
     * Follows a running container's output and awaits its exit, to tell the listeners. A
     * container this runtime just started ({@code fromStart}) is read from its first line; an
     * adopted one from now on (its earlier lines were delivered by the platform process that
     * started it); one whose stream broke from the second of its last line.
     */
    void watch(DynoHandle h, boolean fromStart) {
        // Reserve first: a start() and a list() on two threads must not both follow one container.
        if (watched.putIfAbsent(h.id(), List.of()) != null) {
            return;
        }
        try {
            follow(h, fromStart);
        } catch (RuntimeException e) {
            unwatch(h.id());
            throw e;
        }
    }

    /** Ends the watch of a container that is being removed, and forgets where its output was. */
    void forget(String id) {
        unwatch(id);
        lastOutput.remove(id);
    }

    @Override
    public void close() {
        closing.countDown();
        for (String id : List.copyOf(watched.keySet())) {
            unwatch(id);
        }
    }

    private void follow(DynoHandle h, boolean fromStart) {
        DynoOutputStreams streams = new DynoOutputStreams(h.app(), h.name(), output);
        // Completed when the exit wait below ends, with a status or without.
        CompletableFuture<Void> exitWaitEnded = new CompletableFuture<>();
        ResultCallback.Adapter<Frame> logs = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame f) {
                lastOutput.put(h.id(), Instant.now());
                streams.feed(f);
            }

            @Override
            public void onComplete() {
                streams.finish();
                super.onComplete();
                refollowIfStillRunning(h.id(), this, exitWaitEnded);
            }

            @Override
            public void onError(Throwable t) {
                // The stream broke (engine gone, or closed by unwatch): list() follows again later.
                log.debug("docker: log stream of {} ended: {}", Containers.shortId(h.id()), t.toString());
                streams.finish();
                closeQuietly(this);
                refollowIfStillRunning(h.id(), this, exitWaitEnded);
            }
        };
        var cmd = docker.logContainerCmd(h.id()).withStdOut(true).withStdErr(true).withFollowStream(true);
        // A line of the second the stream broke in may come twice: better than lines lost while
        // the engine was away.
        Instant resume = lastOutput.get(h.id());
        lastOutput.putIfAbsent(h.id(), Instant.now());
        var from = fromStart ? cmd.withTailAll()
                : resume != null ? cmd.withSince((int) resume.getEpochSecond()) : cmd.withTail(0);
        Engine.call(engine, () -> from.exec(logs));
        ResultCallback.Adapter<WaitResponse> wait = new ResultCallback.Adapter<>() {
            private volatile Integer code;

            @Override
            public void onNext(WaitResponse r) {
                code = r.getStatusCode();
            }

            @Override
            public void onError(Throwable t) {
                // Usually the engine went away; list() watches the container again once it is back.
                log.debug("docker: exit wait of {} ended: {}", Containers.shortId(h.id()), t.toString());
                exitWaitEnded.complete(null);
                unwatchIfMine(h.id(), this);
                closeQuietly(this);
            }

            @Override
            public void onComplete() {
                super.onComplete();
                exitWaitEnded.complete(null);
                Integer c = code;
                if (c != null && !closed()) {
                    Thread.ofVirtual().start(() -> exited(h, c, logs));
                } else if (c == null) {
                    // Ended without a status: the connection dropped, not the container.
                    refollowIfStillRunning(h.id(), this, exitWaitEnded);
                }
            }
        };
        watched.put(h.id(), List.of(logs, wait));
        Engine.call(engine, () -> docker.waitContainerCmd(h.id()).exec(wait));
    }

    private void exited(DynoHandle h, int code, ResultCallback.Adapter<Frame> logs) {
        try {
            logs.awaitCompletion(5, TimeUnit.SECONDS); // deliver the last lines before the exit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unwatchIfMine(h.id(), logs);
        log.info("docker: {} {} ({}) exited with status {}", h.app(), h.name(), Containers.shortId(h.id()), code);
        listeners.tell(h.exited(code));
    }

    /**
     * A log stream also ends when the connection to the engine drops while the container runs on
     * (an engine restart, a proxy in between), sometimes as a clean end of stream. Then the watch
     * is ended, so the next {@code list()} follows the container again; a container that exited
     * is left to its exit wait.
     */
    private void refollowIfStillRunning(String id, Object callback, CompletableFuture<Void> exitWaitEnded) {
        if (closed()) {
            return;
        }
        Thread.ofVirtual().name("refollow-" + Containers.shortId(id)).start(() -> {
            try {
                // A log stream also ends because the container exited: the exit wait reports that
                // (and ends the watch itself); asked before it did, the engine may still say "running".
                exitWaitEnded.get(EXIT_WAIT_FIRST.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException stillWaiting) {
                // The wait goes on: a container that runs on, or an engine slow to tell.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long deadline = System.nanoTime() + REFOLLOW_PATIENCE.toNanos();
            while (!closed() && System.nanoTime() < deadline) {
                try {
                    Boolean running = docker.inspectContainerCmd(id).exec().getState().getRunning();
                    if (Boolean.TRUE.equals(running)) {
                        unwatchIfMine(id, callback);
                    }
                    return;
                } catch (NotFoundException gone) {
                    return;
                } catch (RuntimeException unreachable) {
                    // The engine may be the thing that went away, and nothing tells when it is
                    // back: ask again a second later, until the patience ends or the runtime closes.
                    try {
                        if (closing.await(ENGINE_RETRY.toMillis(), TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        });
    }

    /** Ends a watch only if it is still the one registered (not a newer one of the same container). */
    private void unwatchIfMine(String id, Object callback) {
        List<ResultCallback.Adapter<?>> current = watched.get(id);
        if (current != null && current.contains(callback) && watched.remove(id, current)) {
            current.forEach(ContainerWatches::closeQuietly);
        }
    }

    private void unwatch(String id) {
        List<ResultCallback.Adapter<?>> callbacks = watched.remove(id);
        if (callbacks != null) {
            callbacks.forEach(ContainerWatches::closeQuietly);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // Closing a stream that already ended.
        }
    }
}
