package paas.process.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.Artifact;
import paas.process.DynoHandle;
import paas.process.DynoOutput;
import paas.process.DynoSpec;
import paas.process.OneOffSpec;
import paas.process.Release;
import paas.process.Runtime;
import paas.process.Signal;
import paas.process.adapter.DynoLaunch;
import paas.process.adapter.ExitListeners;
import paas.process.output.BlockingThreads;
import paas.process.slug.SlugExtractor;
import paas.vocabulary.FileTrees;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dynos as child processes of this JVM, in the spirit of Heroku Local and foreman: each dyno gets
 * its own directory under {@code root} with the slug unpacked (its working directory and
 * {@code HOME}), a {@code PORT} from the pool, and its own process group so that SIGTERM and
 * SIGKILL reach every process it started.
 *
 * <p>What it cannot do, compared with the docker runtime: enforce the size (memory, CPU, pids),
 * isolate dynos from each other or from the host, attach a terminal to one-off dynos, or re-adopt
 * dynos after the platform restarts (their output pipes end with this JVM). So dynos never outlive
 * the JVM: {@link #close()} stops every dyno it runs (SIGTERM, then SIGKILL after the stop
 * grace), {@link #killAll()} kills them at once, every dyno's main process gets SIGKILL from the
 * kernel when the JVM dies ({@link Spawner}), and a new instance kills the process groups an
 * earlier one left behind (recorded in {@code root/*.pid}) before it starts anything.
 *
 * <p>Nothing here blocks a virtual thread's carrier: pipes are read and written on platform
 * threads ({@link BlockingThreads}); waits for a process park.
 *
 * <p>Thread-safe.
 */
public final class LocalRuntime implements Runtime {
    private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);

    private static final BlockingThreads RUN_IN = new BlockingThreads("run-in");
    private static final BlockingThreads RUN_OUT = new BlockingThreads("run-out");
    private static final BlockingThreads RUN_ERR = new BlockingThreads("run-err");

    private final Path root;
    private final PortPool ports;
    private final Map<String, String> baseEnv;
    private final DynoOutput output;
    private final SlugExtractor extractor;
    private final Clock clock;
    private final Duration stopGrace;
    private final Spawner spawner;
    private final Map<String, LocalDyno> dynos = new ConcurrentHashMap<>();
    private final ExitListeners listeners = new ExitListeners("local");
    private final AtomicLong seq = new AtomicLong();

    /**
     * @param root      directory for dyno directories (created when missing)
     * @param ports     where {@code PORT} values come from
     * @param baseEnv   environment every dyno starts from, e.g. {@code PATH} (config vars win over it)
     * @param output    receives every output line
     * @param extractor unpacks slugs
     * @param clock     start times of dynos
     * @param stopGrace time between SIGTERM and SIGKILL when {@link #close()} stops the dynos
     * @throws IllegalStateException when {@code setpriv} (util-linux) cannot tie dynos to this JVM's life
     */
    public LocalRuntime(Path root, PortPool ports, Map<String, String> baseEnv, DynoOutput output,
                        SlugExtractor extractor, Clock clock, Duration stopGrace) {
        this.root = Objects.requireNonNull(root, "root");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.baseEnv = Map.copyOf(baseEnv);
        this.output = Objects.requireNonNull(output, "output");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
        this.spawner = new Spawner();
        try {
            Files.createDirectories(root);
            killLeftovers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare local dyno directory " + root, e);
        }
    }

    @Override
    public String name() {
        return "local";
    }

    /** Local dynos run slugs only: an image needs an engine. */
    private static Path slugOf(Release release) {
        if (release.artifact() instanceof Artifact.SlugFile slug) {
            return slug.path();
        }
        throw new IllegalStateException("release v" + release.version() + " runs an image, which needs the docker"
                + " runtime: start paasd with a Docker engine (PAAS_RUNTIME=docker)");
    }

    @Override
    public DynoHandle start(DynoSpec spec) {
        String id = "l" + ProcessHandle.current().pid() + "-" + seq.incrementAndGet() + "-" + spec.app() + "-" + spec.name();
        Path dir = root.resolve(id);
        int port = ports.take();
        try {
            extractor.extract(slugOf(spec.release()), dir);
            ProcessBuilder pb = processFor(spec, dir, port);
            LocalDyno d = LocalDyno.start(id, spec, dir, port, pb, spawner, output, clock.instant(),
                    dyno -> dynos.put(id, dyno), this::exited);
            Files.writeString(root.resolve(id + ".pid"), d.pid() + "\n" + ProcessHandle.of(d.pid())
                    .flatMap(h -> h.info().startInstant()).map(Object::toString).orElse("") + "\n");
            log.info("local: started {} {} v{} as pid {} on port {}", spec.app(), spec.name(), spec.release().version(),
                    d.pid(), port);
            return d.handle();
        } catch (IOException e) {
            ports.give(port);
            deleteQuietly(dir);
            throw new UncheckedIOException("starting " + spec.app() + " " + spec.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ports.give(port);
            deleteQuietly(dir);
            throw new IllegalStateException("interrupted while starting " + spec.app() + " " + spec.name(), e);
        }
    }

    @Override
    public void signal(String dynoId, Signal signal) {
        LocalDyno d = dynos.get(dynoId);
        if (d != null) {
            d.signal(signal);
        }
    }

    @Override
    public List<DynoHandle> list() {
        return dynos.values().stream().map(LocalDyno::handle).toList();
    }

    @Override
    public void remove(String dynoId) {
        LocalDyno d = dynos.remove(dynoId);
        if (d == null) {
            return;
        }
        if (!d.exited()) {
            d.kill();
        }
        cleanUp(d.id(), d.dir(), d.port());
    }

    @Override
    public AutoCloseable onExit(ExitListener listener) {
        return listeners.add(listener);
    }

    @Override
    public int run(OneOffSpec spec, InputStream stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException {
        DynoSpec dyno = spec.toDynoSpec();
        String id = "l" + ProcessHandle.current().pid() + "-" + seq.incrementAndGet() + "-" + spec.app() + "-" + spec.name();
        Path dir = root.resolve(id);
        int port = ports.take();
        Process p = null;
        try {
            extractor.extract(slugOf(spec.release()), dir);
            p = spawner.start(processFor(dyno, dir, port));
            Process proc = p;
            String subject = spec.app() + "." + spec.name();
            Thread in = RUN_IN.start(subject, () -> {
                try (OutputStream toProcess = proc.getOutputStream()) {
                    stdin.transferTo(toProcess);
                } catch (IOException e) {
                    // The process closed its stdin or ended: nothing more to give it.
                }
            });
            Thread out = copier(RUN_OUT, subject, p.getInputStream(), stdout);
            Thread err = copier(RUN_ERR, subject, p.getErrorStream(), stderr);
            int code = p.waitFor(); // parks: the JDK's process reaper, a platform thread, signals the exit
            LocalDyno.signalGroup(p.pid(), Signal.KILL);
            // A process that left the group could hold the pipes open: do not wait for it forever.
            out.join(5000);
            err.join(5000);
            in.interrupt();
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException("running " + spec.app() + " " + spec.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            // The client went away: the one-off dyno goes with it.
            if (p != null) {
                LocalDyno.signalGroup(p.pid(), Signal.KILL);
            }
            throw e;
        } finally {
            ports.give(port);
            deleteQuietly(dir);
        }
    }

    /**
     * Stops every dyno at once: SIGTERM to each group, SIGKILL to those still running after the
     * stop grace, then waits (up to 5 s more) until their exits were handled. Returns within
     * about the grace plus 5 s, whatever the dynos do. Dynos started later are not stopped.
     */
    @Override
    public void close() {
        List<LocalDyno> all = List.copyOf(dynos.values());
        if (!all.isEmpty()) {
            log.info("local: stopping {} dynos (SIGTERM, SIGKILL after {} s)", all.size(), stopGrace.toSeconds());
        }
        try {
            for (LocalDyno d : all) {
                d.signal(Signal.TERM);
            }
            long graceEnds = System.nanoTime() + stopGrace.toNanos();
            List<LocalDyno> stubborn = new ArrayList<>();
            for (LocalDyno d : all) {
                if (!d.awaitExitHandled(graceEnds)) {
                    stubborn.add(d);
                }
            }
            if (!stubborn.isEmpty()) {
                log.warn("local: {} dynos still running {} s after SIGTERM: SIGKILL", stubborn.size(), stopGrace.toSeconds());
                stubborn.forEach(d -> d.signal(Signal.KILL));
                long killWaitEnds = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
                for (LocalDyno d : stubborn) {
                    d.awaitExitHandled(killWaitEnds);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killAll();
        } finally {
            for (LocalDyno d : all) {
                if (dynos.remove(d.id(), d)) {
                    cleanUp(d.id(), d.dir(), d.port());
                }
            }
            spawner.close();
        }
    }

    /**
     * SIGKILL to every dyno's process group, without waiting: the last resort of a stop that
     * must end now. Safe to call from any thread, also while {@link #close()} runs.
     */
    public void killAll() {
        for (LocalDyno d : List.copyOf(dynos.values())) {
            try {
                d.signal(Signal.KILL);
            } catch (RuntimeException e) {
                log.warn("local: cannot kill dyno {}: {}", d.id(), e.toString());
            }
        }
    }

    private ProcessBuilder processFor(DynoSpec spec, Path dir, int port) {
        // setpriv: SIGKILL when the spawn thread (so this JVM) dies. setsid: a new process group
        // (and session) led by bash, signalled as one; it does not fork, as the caller leads no group.
        List<String> command = new ArrayList<>(List.of("setsid"));
        command.addAll(DynoLaunch.command(spec.command()));
        ProcessBuilder pb = new ProcessBuilder(Spawner.concat(command));
        pb.directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(baseEnv); // under the dyno's own: config vars win over it
        env.putAll(DynoLaunch.environment(spec, port));
        env.put("HOME", dir.toString());
        return pb;
    }

    private static Thread copier(BlockingThreads threads, String subject, InputStream from, OutputStream to) {
        return threads.start(subject, () -> {
            byte[] buf = new byte[8192];
            int n;
            try (from) {
                while ((n = from.read(buf)) > 0) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // Either side closed; the exit code tells the rest.
            }
        });
    }

    private void exited(LocalDyno d) {
        ports.give(d.port());
        DynoHandle h = d.handle();
        log.info("local: {} {} exited with status {}", h.app(), h.name(), h.exitCode());
        listeners.tell(h);
    }

    private void cleanUp(String id, Path dir, int port) {
        ports.give(port);
        deleteQuietly(dir);
        deleteQuietly(root.resolve(id + ".pid"));
    }

    /** Kills process groups an earlier instance (a crashed platform) left running, and their directories. */
    private void killLeftovers() throws IOException {
        try (var files = Files.list(root)) {
            for (Path pidFile : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
                String id = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
                if (!lines.isEmpty() && lines.get(0).matches("[0-9]{1,10}")) {
                    long pid = Long.parseLong(lines.get(0));
                    String started = lines.size() > 1 ? lines.get(1) : "";
                    // The start time guards against a recycled pid that now belongs to someone else.
                    boolean same = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                            .map(i -> i.toString().equals(started)).orElse(false);
                    if (same) {
                        log.warn("local: killing leftover dyno {} (process group {})", id, pid);
                        LocalDyno.signalGroup(pid, Signal.KILL);
                    }
                }
                deleteQuietly(root.resolve(id));
                deleteQuietly(pidFile);
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            FileTrees.delete(p);
        } catch (IOException e) {
            log.warn("local: cannot delete {}: {}", p, e.toString());
        }
    }
}
