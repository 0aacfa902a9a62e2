package paas.process.local;

import paas.process.DynoHandle;
import paas.process.DynoOutput;
import paas.process.DynoSpec;
import paas.process.Endpoint;
import paas.process.Signal;
import paas.process.output.BlockingThreads;
import paas.process.output.LineSplitter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One local dyno: a process group led by {@code bash}, its directory and its port. Output is
 * read by two platform threads ({@link BlockingThreads}: a pipe read would pin a virtual thread's
 * carrier); the exit is noticed through {@link Process#onExit()}, after which the rest of the
 * group is killed (as a container's end kills everything in it) and the output drained.
 */
final class LocalDyno {
    private static final BlockingThreads OUT = new BlockingThreads("dyno-out");
    private static final BlockingThreads ERR = new BlockingThreads("dyno-err");
    private static final BlockingThreads EXIT = new BlockingThreads("dyno-exit");

    private final String id;
    private final DynoSpec spec;
    private final Path dir;
    private final int port;
    private final Process process;
    private final Instant startedAt;
    private volatile Integer exitCode;
    private final java.util.concurrent.CompletableFuture<Void> exitHandled = new java.util.concurrent.CompletableFuture<>();

    private LocalDyno(String id, DynoSpec spec, Path dir, int port, Process process, Instant startedAt) {
        this.id = id;
        this.spec = spec;
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.startedAt = startedAt;
    }

    /**
     * Starts the dyno's process through {@code spawner}, hands it to {@code register}; {@code onExit} runs on a
     * platform thread once the process ended and its output was read.
     */
    static LocalDyno start(String id, DynoSpec spec, Path dir, int port, ProcessBuilder pb, Spawner spawner,
                           DynoOutput output, Instant now, Consumer<LocalDyno> register, Consumer<LocalDyno> onExit)
            throws IOException, InterruptedException {
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = spawner.start(pb);
        LocalDyno d = new LocalDyno(id, spec, dir, port, p, now);
        register.accept(d); // before the exit can be reported, so that list() never misses it
        String subject = spec.app() + "." + spec.name();
        Thread out = pump(OUT, subject, p.getInputStream(), line -> output.line(spec.app(), spec.name(), line));
        Thread err = pump(ERR, subject, p.getErrorStream(), line -> output.line(spec.app(), spec.name(), line));
        // onExit completes on the JDK's process reaper; the handler blocks (kill(1), joins), so it
        // gets a thread of its own rather than holding the reaper.
        p.onExit().thenRun(() -> EXIT.start(subject, () -> {
            // The leader is gone: end whatever it left running in its group, so the pipes close.
            signalGroup(p.pid(), Signal.KILL);
            join(out);
            join(err);
            d.exitCode = p.exitValue();
            try {
                onExit.accept(d);
            } finally {
                d.exitHandled.complete(null);
            }
        }));
        return d;
    }

    /** Reads {@code in} line by line on a platform thread of {@code threads} until it ends. */
    static Thread pump(BlockingThreads threads, String subject, InputStream in, Consumer<String> lines) {
        return threads.start(subject, () -> {
            try (in) {
                new LineSplitter(lines).drain(in);
            } catch (IOException e) {
                // The pipe broke: the process is gone, nothing more to read.
            }
        });
    }

    private static void join(Thread t) {
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Signals every process of the group led by {@code pgid}. {@code setsid} made the dyno's
     * first process the leader of a new group, so its pid is the group id; Java has no call for
     * a group, hence kill(1), started without a shell. Waiting for kill(1) parks the caller (the
     * JDK's process reaper, a platform thread, signals the exit), so a virtual thread may call it.
     */
    static void signalGroup(long pgid, Signal signal) {
        try {
            Process kill = new ProcessBuilder(List.of("kill", "-s", signal.name(), "--", "-" + pgid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot run kill(1) to signal dyno group " + pgid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void signal(Signal signal) {
        if (exitCode == null && process.isAlive()) {
            signalGroup(process.pid(), signal);
        }
    }

    /** Kills the group and waits (up to 15 s) until the exit was handled (output read, code recorded). */
    void kill() {
        signal(Signal.KILL);
        try {
            awaitExitHandled(System.nanoTime() + TimeUnit.SECONDS.toNanos(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the exit was handled (output read, code recorded, listeners told), or until
     * {@code deadline} ({@link System#nanoTime()}) passed; answers whether it was. Parks: fine on
     * any thread.
     */
    boolean awaitExitHandled(long deadline) throws InterruptedException {
        try {
            exitHandled.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true; // the listener failed; the exit was still handled
        }
    }

    String id() {
        return id;
    }

    Path dir() {
        return dir;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    boolean exited() {
        return exitCode != null;
    }

    DynoHandle handle() {
        Endpoint ep = spec.web() ? new Endpoint("127.0.0.1", port) : null;
        return new DynoHandle(id, spec.app(), spec.release().version(), spec.name(), spec.command(), spec.size().name(),
                spec.oneOff(), startedAt, ep, ep, exitCode);
    }
}
