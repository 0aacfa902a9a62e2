package paas.process.local;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Dynos as child processes of this JVM, in the spirit of Heroku Local and foreman: each dyno gets
 * its own directory under {@code root} with the slug unpacked (its working directory and
 * {@code HOME}), a {@code PORT} from the pool, and its own process group so that SIGTERM and
 * SIGKILL reach every process it started.
 *
 * <p>What it cannot do, compared with the docker runtime: enforce the size (memory, CPU, pids),
 * isolate dynos from each other or from the host, attach a terminal to one-off dynos, or re-adopt
 * dynos after the platform restarts (their output pipes end with this JVM). So {@link #close()}
 * stops every dyno it runs, and a new instance kills the process groups an earlier one left
 * behind (recorded in {@code root/*.pid}) before it starts anything.
 *
 * <p>Thread-safe.
 */
public final class LocalRuntime implements Runtime {
    private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);
    // Sourcing .profile.d first is Heroku's contract; the command is the Procfile's and is shell
    // by design. Appending it after "; " lets bash exec a simple command directly, so the app is
    // the group leader and its exit status is the dyno's.
    private static final String PROFILE = "for f in .profile.d/*.sh; do if [ -r \"$f\" ]; then . \"$f\"; fi; done; unset f; ";

    private final Path root;
    private final PortPool ports;
    private final Map<String, String> baseEnv;
    private final DynoOutput output;
    private final SlugExtractor extractor;
    private final Clock clock;
    private final Map<String, LocalDyno> dynos = new ConcurrentHashMap<>();
    private final List<ExitListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    /**
     * @param root      directory for dyno directories (created when missing)
     * @param ports     where {@code PORT} values come from
     * @param baseEnv   environment every dyno starts from, e.g. {@code PATH} (config vars win over it)
     * @param output    receives every output line
     * @param extractor unpacks slugs
     * @param clock     start times of dynos
     */
    public LocalRuntime(Path root, PortPool ports, Map<String, String> baseEnv, DynoOutput output,
                        SlugExtractor extractor, Clock clock) {
        this.root = Objects.requireNonNull(root, "root");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.baseEnv = Map.copyOf(baseEnv);
        this.output = Objects.requireNonNull(output, "output");
        this.extractor = Objects.requireNonNull(extractor, "extractor");
        this.clock = Objects.requireNonNull(clock, "clock");
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

    @Override
    public DynoHandle start(DynoSpec spec) {
        String id = "l" + ProcessHandle.current().pid() + "-" + seq.incrementAndGet() + "-" + spec.app() + "-" + spec.name();
        Path dir = root.resolve(id);
        int port = ports.take();
        try {
            extractor.extract(spec.release().slug(), dir);
            ProcessBuilder pb = processFor(spec, dir, port);
            LocalDyno d = LocalDyno.start(id, spec, dir, port, pb, output, clock.instant(), dyno -> dynos.put(id, dyno),
                    this::exited);
            Files.writeString(root.resolve(id + ".pid"), d.pid() + "\n" + ProcessHandle.of(d.pid())
                    .flatMap(h -> h.info().startInstant()).map(Object::toString).orElse("") + "\n");
            log.info("local: started {} {} v{} as pid {} on port {}", spec.app(), spec.name(), spec.release().version(),
                    d.pid(), port);
            return d.handle();
        } catch (IOException e) {
            ports.give(port);
            deleteQuietly(dir);
            throw new UncheckedIOException("starting " + spec.app() + " " + spec.name() + ": " + e.getMessage(), e);
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
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public int run(OneOffSpec spec, InputStream stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException {
        DynoSpec dyno = spec.toDynoSpec();
        String id = "l" + ProcessHandle.current().pid() + "-" + seq.incrementAndGet() + "-" + spec.app() + "-" + spec.name();
        Path dir = root.resolve(id);
        int port = ports.take();
        Process p = null;
        try {
            extractor.extract(spec.release().slug(), dir);
            p = processFor(dyno, dir, port).start();
            Process proc = p;
            Thread in = Thread.ofVirtual().start(() -> {
                try (OutputStream toProcess = proc.getOutputStream()) {
                    stdin.transferTo(toProcess);
                } catch (IOException e) {
                    // The process closed its stdin or ended: nothing more to give it.
                }
            });
            Thread out = copier(p.getInputStream(), stdout);
            Thread err = copier(p.getErrorStream(), stderr);
            int code = p.waitFor();
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

    @Override
    public void close() {
        for (LocalDyno d : List.copyOf(dynos.values())) {
            remove(d.id());
        }
    }

    private ProcessBuilder processFor(DynoSpec spec, Path dir, int port) {
        // setsid: a new process group (and session) led by bash, signalled as one.
        ProcessBuilder pb = new ProcessBuilder(List.of("setsid", "bash", "-c", PROFILE + spec.command()));
        pb.directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(baseEnv);
        env.putAll(spec.env());
        env.put("PORT", Integer.toString(port));
        env.put("DYNO", spec.name());
        env.put("HOME", dir.toString());
        return pb;
    }

    private static Thread copier(InputStream from, OutputStream to) {
        return Thread.ofVirtual().start(() -> {
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
        for (ExitListener l : listeners) {
            try {
                l.exited(h);
            } catch (RuntimeException e) {
                log.warn("local: exit listener failed", e);
            }
        }
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
            SlugExtractor.deleteTree(p);
        } catch (IOException e) {
            log.warn("local: cannot delete {}: {}", p, e.toString());
        }
    }
}
