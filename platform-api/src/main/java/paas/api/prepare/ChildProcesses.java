package paas.api.prepare;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The scripts as child processes of paasd, with paasd's environment less its own settings and
 * secrets (see {@link #scrub}) plus {@code extraEnv} (the engine paasd uses), stdin from
 * /dev/null, and their output read on the calling thread.
 * {@link #close()} ends the one that runs (SIGTERM), for paasd's shutdown.
 */
final class ChildProcesses implements Commands, AutoCloseable {
    /** The scripts' own settings (docs/stack.md), which pass to them from paasd's environment. */
    private static final java.util.List<String> SCRIPT_SETTINGS = java.util.List.of("PAAS_DOCKERD_", "PAAS_STACK_",
            "PAAS_DEBIAN_", "PAAS_EXTRA_CA_DIR", "PAAS_ADDON_IMAGE_PREFIX");

    private final Map<String, String> extraEnv;
    private volatile Process current;
    private volatile boolean closed;

    ChildProcesses(Map<String, String> extraEnv) {
        this.extraEnv = Map.copyOf(extraEnv);
    }

    @Override
    public int run(List<String> command, Consumer<String> lines) throws IOException, InterruptedException {
        // A pipe read pins a virtual thread's carrier for as long as the script is quiet (minutes).
        if (Thread.currentThread().isVirtual()) {
            throw new IllegalStateException("the preparation's scripts are read on a platform thread");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        scrub(pb.environment());
        pb.environment().putAll(extraEnv);
        Process p;
        synchronized (this) {
            if (closed) {
                throw new InterruptedException("paasd is stopping");
            }
            p = pb.start();
            current = p;
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.accept(line);
            }
        } finally {
            current = null;
        }
        return p.waitFor();
    }

    /**
     * Removes paasd's own variables but the scripts' settings: the platform key, the admin and router
     * tokens and the database URL have no business in a script, nor in the dockerd it starts.
     */
    static void scrub(Map<String, String> env) {
        env.keySet().removeIf(k -> k.equals("DATABASE_URL")
                || k.startsWith("PAAS_") && SCRIPT_SETTINGS.stream().noneMatch(k::startsWith));
    }

    @Override
    public synchronized void close() {
        closed = true;
        Process p = current;
        // The script only, not its descendants: the dockerd ensure-engine.sh has just started must outlive it.
        if (p != null) {
            p.destroy();
        }
    }
}
