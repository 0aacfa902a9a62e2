package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.WaitResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.DynoHandle;
import paas.process.DynoOutput;
import paas.process.DynoSpec;
import paas.process.OneOffSpec;
import paas.process.Runtime;
import paas.process.Signal;
import paas.process.slug.SlugExtractor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Dynos as Docker containers, one per dyno, found again by their labels ({@link Labels}).
 *
 * <p>Each app's slug becomes an image once ({@link ReleaseImages}); each dyno runs it with the
 * config vars, {@code PORT}, {@code DYNO} and {@code HOME=/app} in its environment, in
 * {@code /app}, under tini (signals reach every process), as uid 1000 with every capability
 * dropped, no-new-privileges, and the size's memory (no swap), CPU and pids limits. Each app has
 * its own bridge network ({@code paas-app-APP}), so dynos of different apps cannot connect to
 * each other; a web dyno's {@code PORT} is published on {@link DockerRuntimeConfig#publishIp()}
 * with a random host port, which is its {@link DynoHandle#endpoint()}.
 *
 * <p>Output is followed ({@code docker logs -f}) and exits awaited per running container;
 * {@link #list()} picks up running containers it does not follow yet (after a platform restart,
 * or after the engine came back), so the same containers keep their ids. Closing stops the
 * following only: containers keep running. Thread-safe.
 */
public final class DockerRuntime implements Runtime {
    private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);
    /** A container left in "created" longer than this is a start that died half-way. */
    private static final Duration STALE_CREATED = Duration.ofMinutes(2);
    /** How long a dropped log or exit stream waits for the engine before giving the container up to list(). */
    private static final Duration REFOLLOW_PATIENCE = Duration.ofMinutes(10);

    private final DockerClient docker;
    private final DockerRuntimeConfig config;
    private final DynoOutput output;
    private final Clock clock;
    private final ReleaseImages images;
    private final Map<String, List<ResultCallback.Adapter<?>>> watched = new ConcurrentHashMap<>();
    private final Set<String> attachedHere = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> networkLocks = new ConcurrentHashMap<>();
    /** When each followed container last wrote a line, to resume a broken log stream there. */
    private final Map<String, Instant> lastOutput = new ConcurrentHashMap<>();
    private final List<ExitListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public DockerRuntime(DockerClient docker, DockerRuntimeConfig config, DynoOutput output, SlugExtractor extractor,
                         Clock clock) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.config = Objects.requireNonNull(config, "config");
        this.output = Objects.requireNonNull(output, "output");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.images = new ReleaseImages(docker, config, extractor);
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public DynoHandle start(DynoSpec spec) {
        String id = createDyno(spec, false, false);
        try {
            Engine.run(config.engine(), () -> docker.startContainerCmd(id).exec());
            DynoHandle h = find(id);
            if (h.running()) {
                watch(h, true);
            }
            log.info("docker: started {} {} v{} as {}", spec.app(), spec.name(), spec.release().version(), shortId(id));
            return h;
        } catch (RuntimeException e) {
            removeQuietly(id);
            throw e;
        }
    }

    @Override
    public void signal(String dynoId, Signal signal) {
        try {
            Engine.run(config.engine(), () -> docker.killContainerCmd(dynoId).withSignal(signal.name()).exec());
        } catch (NotFoundException | ConflictException e) {
            // Already gone or not running: nothing to signal.
        }
    }

    @Override
    public List<DynoHandle> list() {
        List<Container> containers = Engine.call(config.engine(), () -> docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.PLATFORM, config.platform())).exec());
        List<DynoHandle> result = new ArrayList<>();
        for (Container c : containers) {
            if (!Containers.isDyno(c)) {
                continue;
            }
            boolean old = c.getCreated() != null
                    && Instant.ofEpochSecond(c.getCreated()).plus(STALE_CREATED).isBefore(clock.instant());
            if (Boolean.parseBoolean(c.getLabels().get(Labels.ATTACHED))) {
                // Owned by a run() call; one that no call here owns lost its client with an
                // earlier platform process, and a one-off dyno ends with its client.
                if (!attachedHere.contains(c.getId()) && old) {
                    log.info("docker: removing orphaned attached one-off {}", shortId(c.getId()));
                    removeQuietly(c.getId());
                }
                continue;
            }
            String state = String.valueOf(c.getState());
            if (state.equals("created")) {
                if (old) {
                    removeQuietly(c.getId());
                }
                continue;
            }
            boolean running = state.equals("running") || state.equals("paused") || state.equals("restarting");
            Integer exitCode = running ? null : exitCode(c.getId());
            DynoHandle h = Containers.handle(c, config, exitCode);
            if (running && !watched.containsKey(c.getId()) && !closed) {
                watch(h, false);
            }
            result.add(h);
        }
        return result;
    }

    @Override
    public void remove(String dynoId) {
        unwatch(dynoId);
        lastOutput.remove(dynoId);
        String app;
        try {
            app = Engine.call(config.engine(), () -> docker.inspectContainerCmd(dynoId).exec().getConfig().getLabels())
                    .get(Labels.APP);
            Engine.run(config.engine(), () -> docker.removeContainerCmd(dynoId).withForce(true).exec());
        } catch (NotFoundException e) {
            return; // already removed
        }
        if (app != null) {
            // The app's network goes with its last dyno (an app scaled to zero, or destroyed).
            synchronized (networkLock(app)) {
                try {
                    Containers.removeNetworkIfUnused(docker, app);
                } catch (RuntimeException e) {
                    log.debug("network of {} not removed now: {}", app, e.toString());
                }
            }
        }
    }

    @Override
    public void forgetApp(String app) {
        synchronized (networkLock(app)) {
            try {
                Containers.removeNetworkIfUnused(docker, app);
                for (var image : docker.listImagesCmd().withLabelFilter(Map.of(Labels.MANAGED, "true", Labels.APP, app)).exec()) {
                    try {
                        docker.removeImageCmd(image.getId()).withForce(true).exec();
                    } catch (com.github.dockerjava.api.exception.DockerException inUse) {
                        log.debug("image {} of {} not removed: {}", image.getId(), app, inUse.getMessage());
                    }
                }
                String pinned = Labels.pinnedRepository(app) + ":";
                for (var image : docker.listImagesCmd().withImageNameFilter(Labels.pinnedRepository(app)).exec()) {
                    for (String tag : image.getRepoTags() == null ? new String[0] : image.getRepoTags()) {
                        if (tag.startsWith(pinned)) {
                            try {
                                docker.removeImageCmd(tag).exec(); // the tag; the image only when nothing else names it
                            } catch (com.github.dockerjava.api.exception.DockerException inUse) {
                                log.debug("tag {} of {} not removed: {}", tag, app, inUse.getMessage());
                            }
                        }
                    }
                }
            } catch (RuntimeException e) {
                log.warn("docker: could not remove the images and network of destroyed app {}: {}", app, e.toString());
            }
        }
    }

    @Override
    public AutoCloseable onExit(ExitListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public int run(OneOffSpec spec, InputStream stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException {
        String id = createDyno(spec.toDynoSpec(), true, spec.tty());
        attachedHere.add(id);
        Thread input = null;
        Thread output = null;
        AttachConnection attach = null;
        try {
            try {
                attach = AttachConnection.open(config.engine(), id, spec.tty());
            } catch (IOException e) {
                if (Engine.unreachable(e)) {
                    throw new paas.process.RuntimeUnavailableException("docker engine at " + config.engine()
                            + " did not answer (" + e.getMessage() + "); start it (deploy/docker/ensure-engine.sh)", e);
                }
                throw new UncheckedIOException(e);
            }
            AttachConnection session = attach;
            output = Thread.ofVirtual().name("attach-out-" + spec.name()).start(() -> {
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
            Engine.run(config.engine(), () -> docker.startContainerCmd(id).exec());
            // After the start: waiting on a container that was only created answers at once, with 0.
            int code = waitFor(id).get();
            output.join(Duration.ofSeconds(10)); // the rest of the output
            return code;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for one-off " + spec.app() + " " + spec.name() + ": " + e.getCause(), e.getCause());
        } finally {
            // Also on interruption: the client went away and the dyno goes with it.
            if (input != null) {
                input.interrupt();
            }
            if (attach != null) {
                attach.close();
            }
            attachedHere.remove(id);
            removeQuietly(id);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (String id : List.copyOf(watched.keySet())) {
            unwatch(id);
        }
    }

    /**
     * Serialises creating and removing one app's network: the engine's duplicate check is not
     * atomic (see {@link Containers#ensureNetwork}).
     */
    private Object networkLock(String app) {
        return networkLocks.computeIfAbsent(app, a -> new Object());
    }

    private String createDyno(DynoSpec spec, boolean attached, boolean tty) {
        ReleaseImages.RunImage image = images.imageFor(spec.app(), spec.release());
        synchronized (networkLock(spec.app())) {
            Engine.run(config.engine(), () -> Containers.ensureNetwork(docker, spec.app()));
        }
        return Engine.call(config.engine(), () -> Containers.create(docker, config, spec, image, attached, tty, clock.instant()));
    }

    private DynoHandle find(String id) {
        List<Container> found = Engine.call(config.engine(), () -> docker.listContainersCmd().withShowAll(true)
                .withIdFilter(List.of(id)).exec());
        if (found.isEmpty()) {
            throw new IllegalStateException("container " + shortId(id) + " vanished right after it was started");
        }
        Container c = found.get(0);
        boolean running = "running".equals(c.getState());
        return Containers.handle(c, config, running ? null : exitCode(id));
    }

    private Integer exitCode(String id) {
        try {
            Long code = Engine.call(config.engine(), () -> docker.inspectContainerCmd(id).exec().getState().getExitCodeLong());
            return code == null ? null : code.intValue();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Follows a running container's output and awaits its exit, to tell the listeners. */
    private void watch(DynoHandle h, boolean fromStart) {
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

    private void follow(DynoHandle h, boolean fromStart) {
        DynoOutputStreams streams = new DynoOutputStreams(h.app(), h.name(), output);
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
                refollowIfStillRunning(h.id(), this);
            }

            @Override
            public void onError(Throwable t) {
                // The stream broke (engine gone, or closed by unwatch): list() follows again later.
                log.debug("docker: log stream of {} ended: {}", shortId(h.id()), t.toString());
                streams.finish();
                closeQuietly(this);
                refollowIfStillRunning(h.id(), this);
            }
        };
        var cmd = docker.logContainerCmd(h.id()).withStdOut(true).withStdErr(true).withFollowStream(true);
        // A container this runtime just started is read from its first line; an adopted one
        // from now on (its earlier lines were delivered by the platform process that started it);
        // one whose stream broke from the second of its last line, so lines written while the
        // engine was away are not lost (a line of that second may come twice).
        Instant resume = lastOutput.get(h.id());
        lastOutput.putIfAbsent(h.id(), Instant.now());
        var from = fromStart ? cmd.withTailAll()
                : resume != null ? cmd.withSince((int) resume.getEpochSecond()) : cmd.withTail(0);
        Engine.call(config.engine(), () -> from.exec(logs));
        ResultCallback.Adapter<WaitResponse> wait = new ResultCallback.Adapter<>() {
            private volatile Integer code;

            @Override
            public void onNext(WaitResponse r) {
                code = r.getStatusCode();
            }

            @Override
            public void onError(Throwable t) {
                // Usually the engine went away; list() watches the container again once it is back.
                log.debug("docker: exit wait of {} ended: {}", shortId(h.id()), t.toString());
                unwatchIfMine(h.id(), this);
                closeQuietly(this);
            }

            @Override
            public void onComplete() {
                super.onComplete();
                Integer c = code;
                if (c != null && !closed) {
                    Thread.ofVirtual().start(() -> exited(h, c, logs));
                } else if (c == null) {
                    // Ended without a status: the connection dropped, not the container.
                    refollowIfStillRunning(h.id(), this);
                }
            }
        };
        watched.put(h.id(), List.of(logs, wait));
        Engine.call(config.engine(), () -> docker.waitContainerCmd(h.id()).exec(wait));
    }

    private void exited(DynoHandle h, int code, ResultCallback.Adapter<Frame> logs) {
        try {
            logs.awaitCompletion(5, TimeUnit.SECONDS); // deliver the last lines before the exit
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        unwatchIfMine(h.id(), logs);
        log.info("docker: {} {} ({}) exited with status {}", h.app(), h.name(), shortId(h.id()), code);
        for (ExitListener l : listeners) {
            try {
                l.exited(h.exited(code));
            } catch (RuntimeException e) {
                log.warn("docker: exit listener failed", e);
            }
        }
    }

    private CompletableFuture<Integer> waitFor(String id) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Engine.call(config.engine(), () -> docker.waitContainerCmd(id).exec(new ResultCallback.Adapter<WaitResponse>() {
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

    /**
     * A log stream also ends when the connection to the engine drops while the container runs on
     * (an engine restart, a proxy in between), sometimes as a clean end of stream. Then the watch
     * is ended, so the next {@link #list()} follows the container again; a container that
     * exited is left to its exit wait.
     */
    private void refollowIfStillRunning(String id, Object callback) {
        if (closed) {
            return;
        }
        Thread.ofVirtual().name("refollow-" + shortId(id)).start(() -> {
            // The engine may be the thing that went away: ask until it answers (or the runtime closes).
            long deadline = System.nanoTime() + REFOLLOW_PATIENCE.toNanos();
            while (!closed && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(1000);
                    Boolean running = docker.inspectContainerCmd(id).exec().getState().getRunning();
                    if (Boolean.TRUE.equals(running)) {
                        unwatchIfMine(id, callback);
                    }
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (NotFoundException gone) {
                    return;
                } catch (RuntimeException unreachable) {
                    // try again in a second
                }
            }
        });
    }

    /** Ends a watch only if it is still the one registered (not a newer one of the same container). */
    private void unwatchIfMine(String id, Object callback) {
        List<ResultCallback.Adapter<?>> current = watched.get(id);
        if (current != null && current.contains(callback) && watched.remove(id, current)) {
            current.forEach(DockerRuntime::closeQuietly);
        }
    }

    private void unwatch(String id) {
        List<ResultCallback.Adapter<?>> callbacks = watched.remove(id);
        if (callbacks != null) {
            callbacks.forEach(DockerRuntime::closeQuietly);
        }
    }

    private void removeQuietly(String id) {
        try {
            remove(id);
        } catch (RuntimeException e) {
            log.warn("docker: cannot remove container {}: {}", shortId(id), e.toString());
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            // Closing a stream that already ended.
        }
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
