package paas.api.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** {@code paas logs --tail} of one app, running as a user leaves it running, its lines kept. */
final class LogTail implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private LogTail(Process process) {
        this.process = process;
        // A platform thread: a pipe read on a virtual thread would hold its carrier while it waits.
        this.reader = Thread.ofPlatform().daemon().name("paas-logs-tail").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(l);
                    }
                }
            } catch (IOException ignored) {
                // the tail was stopped
            }
        });
    }

    /** Starts the tail and returns once it streams (it printed the one line of history it asked for). */
    static LogTail start(EndToEndPlatform platform, String app) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(PaasdProcess.ROOT.resolve("bin/paas").toString(), "logs", "--tail",
                "-n", "1", "-a", app).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PAAS_"));
        pb.environment().put("HOME", platform.fixture.home.toString());
        pb.environment().put("PAAS_API_URL", platform.apiUrl());
        pb.environment().put("NO_COLOR", "1");
        LogTail tail = new LogTail(pb.start());
        await().atMost(Duration.ofSeconds(30)).until(() -> !tail.lines().isEmpty());
        return tail;
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join(5_000);
    }
}
