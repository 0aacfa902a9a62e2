package paas.api.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real bin/paasd as a child process, with its stdout kept for assertions. */
final class PaasdProcess implements AutoCloseable {
    static final Path ROOT = Path.of(System.getenv().getOrDefault("PAAS_ROOT", "..")).toAbsolutePath().normalize();

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final int port;
    private final Thread reader;

    private PaasdProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        // A platform thread: a pipe read on a virtual thread holds its carrier while it waits.
        this.reader = Thread.ofPlatform().daemon().name("paasd-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                        output.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** Starts paasd and waits until it listens, or fails with what it printed. */
    static PaasdProcess start(Map<String, String> env) throws Exception {
        return start(env, List.of());
    }

    /** As {@link #start(Map)}, with {@code bin/paasd} run through {@code wrapper} (e.g. {@code taskset -c 0,1}). */
    static PaasdProcess start(Map<String, String> env, List<String> wrapper) throws Exception {
        return start(ROOT, env, wrapper);
    }

    /** As {@link #start(Map)}, with the {@code bin/paasd} of another build (an upgrade's previous release). */
    static PaasdProcess start(Path root, Map<String, String> env) throws Exception {
        return start(root, env, List.of());
    }

    private static PaasdProcess start(Path root, Map<String, String> env, List<String> wrapper) throws Exception {
        PaasdProcess paasd = launch(root, env, wrapper);
        if (!paasd.awaitLine("listening on", Duration.ofSeconds(60))) {
            paasd.kill();
            throw new AssertionError("paasd did not start:\n" + String.join("\n", paasd.output()));
        }
        return paasd;
    }

    /** Starts paasd without waiting, for start-up failures. */
    static PaasdProcess launch(Map<String, String> env) throws IOException {
        return launch(ROOT, env, List.of());
    }

    private static PaasdProcess launch(Path root, Map<String, String> env, List<String> wrapper) throws IOException {
        Map<String, String> full = new HashMap<>(env);
        full.putIfAbsent("PAAS_API_HOST", "127.0.0.1");
        full.putIfAbsent("PAAS_API_PORT", Integer.toString(freePort()));
        full.putIfAbsent("PAAS_ROUTER_PORT", Integer.toString(freePort()));
        // Integration tests poll the API far faster than people do (waiting for dynos, builds, logs),
        // so Heroku's default budget of 4500 requests would run dry in the longer ones.
        full.putIfAbsent("PAAS_API_RATE_LIMIT", "10000000");
        full.putIfAbsent("PAAS_API_RATE_LIMIT_PER_MINUTE", "10000000");
        // A test may pass a deliberately invalid port; the client side then never connects.
        int port = full.get("PAAS_API_PORT").matches("[0-9]{1,5}") ? Integer.parseInt(full.get("PAAS_API_PORT")) : -1;
        List<String> command = new ArrayList<>(wrapper);
        command.add(root.resolve("bin/paasd").toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PAAS_") || k.equals("DATABASE_URL"));
        pb.environment().putAll(full);
        return new PaasdProcess(pb.start(), port);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /** The router's port as paasd was told it. */
    int routerPort(Map<String, String> env) {
        return Integer.parseInt(env.get("PAAS_ROUTER_PORT"));
    }

    String apiUrl() {
        return "http://localhost:" + port;
    }

    List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Waits until a line containing {@code fragment} was printed; false on timeout or when paasd ended. */
    boolean awaitLine(String fragment, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (output) {
            while (true) {
                if (output.stream().anyMatch(l -> l.contains(fragment))) {
                    return true;
                }
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0 || !reader.isAlive()) {
                    return false;
                }
                output.wait(Math.min(leftMs, 200));
            }
        }
    }

    /** SIGTERM without waiting; a second call sends another. */
    void signalTerm() {
        process.toHandle().destroy();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then waits for the exit; answers the exit code. */
    int terminate() throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of paasd's stdout,
        // losing what paasd logs while it shuts down.
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("paasd ignored SIGTERM for 30 s");
        }
        reader.join(5_000);
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("paasd did not exit:\n" + String.join("\n", output()));
        }
        reader.join(5_000);
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
