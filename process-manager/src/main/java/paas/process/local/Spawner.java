package paas.process.local;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts every dyno process from one long-lived platform thread, through
 * {@code setpriv --pdeathsig KILL}, so that a dyno dies with the JVM even when the JVM is killed
 * and no shutdown code runs.
 *
 * <p>Why one thread: Linux sends the parent-death signal when the <em>thread</em> that started
 * the process ends, not the process. Started from a virtual thread's carrier or a pool thread
 * that idles out, a dyno would be killed at some later, unrelated moment. This thread ends only
 * with {@link #close()} (or the JVM); tasks run through {@code CompletableFuture}, so an exception
 * never replaces the thread.
 *
 * <p>The signal reaches the process {@code setpriv} becomes (the dyno's group leader), not what
 * that process forked: children it put in the background outlive a killed JVM until they write
 * to their closed output pipe (SIGPIPE) or end by themselves.
 *
 * <p>Thread-safe.
 */
final class Spawner implements AutoCloseable {
    static final List<String> PREFIX = List.of("setpriv", "--pdeathsig", "KILL");

    private final ExecutorService thread = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("dyno-spawn").unstarted(r));

    /** Fails, naming the fix, when {@code setpriv} with {@code --pdeathsig} cannot be run here. */
    Spawner() {
        try {
            Process p = start(new ProcessBuilder(concat(List.of("true"))).redirectErrorStream(true));
            String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("`setpriv --pdeathsig KILL true` failed: " + said);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("the local runtime needs setpriv(1) with --pdeathsig (util-linux 2.33 or"
                    + " later) so that dynos die with paasd: install util-linux, or set PAAS_RUNTIME=docker ("
                    + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking setpriv", e);
        }
    }

    /** {@code command} run through {@code setpriv --pdeathsig KILL}. */
    static List<String> concat(List<String> command) {
        List<String> all = new java.util.ArrayList<>(PREFIX);
        all.addAll(command);
        return all;
    }

    /**
     * Starts {@code pb} (whose command already carries {@link #PREFIX}) on the spawn thread. If the
     * caller is interrupted meanwhile, the process, once started, is killed: nobody would own it.
     */
    Process start(ProcessBuilder pb) throws IOException, InterruptedException {
        CompletableFuture<Process> started = CompletableFuture.supplyAsync(() -> {
            try {
                return pb.start();
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, thread);
        try {
            return started.get();
        } catch (InterruptedException e) {
            started.thenAccept(p -> p.destroyForcibly());
            throw e;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Ends the spawn thread: any dyno still running then gets SIGKILL from the kernel. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
