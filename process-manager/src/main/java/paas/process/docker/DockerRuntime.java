package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.DynoHandle;
import paas.process.DynoOutput;
import paas.process.DynoSpec;
import paas.process.OneOffSpec;
import paas.process.Runtime;
import paas.process.Signal;
import paas.process.addons.ExecTerminal;
import paas.process.slug.SlugExtractor;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Dynos as Docker containers, one per dyno, found again by their labels ({@link Labels}).
 *
 * <p>Each app's slug becomes an image once ({@link ReleaseImages}); each dyno runs it with the
 * config vars, {@code PORT}, {@code DYNO} and {@code HOME=/app} in its environment, in
 * {@code /app}, under tini (signals reach every process), as uid 1000 with every capability
 * dropped, no-new-privileges, and the size's memory (no swap), CPU and pids limits. Each app has
 * its own bridge network ({@link AppNetworks}), so dynos of different apps cannot connect to
 * each other; a web dyno's {@code PORT} is published on {@link DockerRuntimeConfig#publishIp()}
 * with a random host port, which is its {@link DynoHandle#endpoint()}.
 *
 * <p>Output is followed ({@code docker logs -f}) and exits awaited per running container
 * ({@link ContainerWatches}); {@link #list()} picks up running containers it does not follow yet (after a platform restart,
 * or after the engine came back), so the same containers keep their ids. Closing stops the
 * following only: containers keep running. Attached one-off dynos are run by
 * {@link AttachedOneOffs}. Thread-safe.
 */
public final class DockerRuntime implements Runtime {
    private static final Logger log = LoggerFactory.getLogger(DockerRuntime.class);
    /** A container left in "created" longer than this is a start that died half-way. */
    private static final Duration STALE_CREATED = Duration.ofMinutes(2);
    /** Far above the longest copy-and-commit of a slug (the 500 MB slug limit), so a build in progress is never swept. */
    private static final Duration STALE_IMAGE_BUILD = Duration.ofHours(1);

    private final DockerClient docker;
    private final DockerRuntimeConfig config;
    private final Clock clock;
    private final ReleaseImages images;
    private final AppNetworks networks;
    private final ContainerWatches watches;
    private final AttachedOneOffs attached;

    public DockerRuntime(DockerClient docker, DockerRuntimeConfig config, DynoOutput output, SlugExtractor extractor,
                         Clock clock) {
        this.docker = Objects.requireNonNull(docker, "docker");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.images = new ReleaseImages(docker, config, extractor);
        this.networks = new AppNetworks(docker, config.engine());
        this.watches = new ContainerWatches(docker, config.engine(), Objects.requireNonNull(output, "output"));
        this.attached = new AttachedOneOffs(docker, config.engine());
    }

    @Override
    public String name() {
        return "docker";
    }

    DockerClient docker() {
        return docker;
    }

    DockerRuntimeConfig config() {
        return config;
    }

    /** The app networks, shared with the add-on runtime beside this one ({@link DockerAddonRuntime#beside}). */
    AppNetworks networks() {
        return networks;
    }

    @Override
    public DynoHandle start(DynoSpec spec) {
        String id = createDyno(spec, false, Optional.empty());
        try {
            Engine.run(config.engine(), () -> docker.startContainerCmd(id).exec());
            DynoHandle h = find(id);
            if (h.running()) {
                watches.watch(h, true);
            }
            log.info("docker: started {} {} v{} as {}", spec.app(), spec.name(), spec.release().version(), Containers.shortId(id));
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
            boolean old = createdBefore(c, STALE_CREATED);
            if (c.getLabels() != null && "true".equals(c.getLabels().get(Labels.IMAGE_BUILD))
                    && createdBefore(c, STALE_IMAGE_BUILD)) {
                // An image build's scratch container that a killed platform left behind: never
                // started, its image committed or abandoned; nothing in it is an app's.
                log.info("docker: removing a leftover image-build container {}", Containers.shortId(c.getId()));
                removeQuietly(c.getId());
                continue;
            }
            if (!Containers.isDyno(c)) {
                continue;
            }
            if (Boolean.parseBoolean(c.getLabels().get(Labels.ATTACHED))) {
                // Owned by a run() call; one that no call here owns lost its client with an
                // earlier platform process, and a one-off dyno ends with its client.
                if (!attached.ownedHere(c.getId()) && old) {
                    log.info("docker: removing orphaned attached one-off {}", Containers.shortId(c.getId()));
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
            if (running && !watches.watching(c.getId()) && !watches.closed()) {
                watches.watch(h, false);
            }
            result.add(h);
        }
        return result;
    }

    private boolean createdBefore(Container c, Duration age) {
        return c.getCreated() != null && Instant.ofEpochSecond(c.getCreated()).plus(age).isBefore(clock.instant());
    }

    @Override
    public void remove(String dynoId) {
        watches.forget(dynoId);
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
            try {
                networks.removeIfUnused(app);
            } catch (RuntimeException e) {
                log.debug("network of {} not removed now: {}", app, e.toString());
            }
        }
    }

    @Override
    public void forgetApp(String app) {
        try {
            networks.removeIfUnused(app);
            images.forget(app);
        } catch (RuntimeException e) {
            log.warn("docker: could not remove the images and network of destroyed app {}: {}", app, e.toString());
        }
    }

    @Override
    public AutoCloseable onExit(ExitListener listener) {
        return watches.onExit(listener);
    }

    @Override
    public int run(OneOffSpec spec, InputStream stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException {
        return run(spec, Optional.empty(), stdin, stdout, stderr);
    }

    @Override
    public int run(OneOffSpec spec, ExecTerminal terminal, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws InterruptedException {
        return run(spec, Optional.of(terminal), stdin, stdout, stderr);
    }

    private int run(OneOffSpec spec, Optional<ExecTerminal> terminal, InputStream stdin, OutputStream stdout,
                    OutputStream stderr) throws InterruptedException {
        Optional<ExecTerminal.Size> startSize = spec.tty()
                ? Optional.of(terminal.map(ExecTerminal::size).orElse(ExecTerminal.Size.DEFAULT).orDefault())
                : Optional.empty();
        String id = createDyno(spec.toDynoSpec(), true, startSize);
        try {
            return attached.run(id, spec, spec.tty() ? terminal : Optional.empty(), stdin, stdout, stderr);
        } finally {
            // Also on interruption: the client went away and the dyno goes with it.
            removeQuietly(id);
        }
    }

    @Override
    public void close() {
        watches.close();
    }

    /** @param terminal a terminal of that size for an attached one-off; empty for none */
    private String createDyno(DynoSpec spec, boolean attached, Optional<ExecTerminal.Size> terminal) {
        ReleaseImages.RunImage image = images.imageFor(spec.app(), spec.release());
        // Created under the network's lock (shared with the add-on runtime): once it exists, its app
        // label keeps the network from being removed as unused.
        return networks.ensureAndThen(spec.app(), () -> Engine.call(config.engine(),
                () -> Containers.create(docker, config, spec, image, attached, terminal, clock.instant())));
    }

    private DynoHandle find(String id) {
        List<Container> found = Engine.call(config.engine(), () -> docker.listContainersCmd().withShowAll(true)
                .withIdFilter(List.of(id)).exec());
        if (found.isEmpty()) {
            throw new IllegalStateException("container " + Containers.shortId(id) + " vanished right after it was started");
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

    private void removeQuietly(String id) {
        try {
            remove(id);
        } catch (RuntimeException e) {
            log.warn("docker: cannot remove container {}: {}", Containers.shortId(id), e.toString());
        }
    }
}
