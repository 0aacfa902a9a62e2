package paas.api.dynos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.service.ReleasePhase;
import paas.api.store.BuildStore;
import paas.logs.LogLine;
import paas.logs.LogRouter;
import paas.logs.Source;
import paas.logs.ingest.LineFramer;
import paas.process.OneOffSpec;
import paas.process.Release;
import paas.process.Runtime;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Runs the release phase of pending releases: the {@code release} command in a one-off dyno of
 * the new release, whose exit status decides whether the release goes live. Each release's phase
 * runs once: a second caller for the same release waits for the first one's result.
 * Thread-safe.
 */
public final class ReleasePhases {
    private static final Logger log = LoggerFactory.getLogger(ReleasePhases.class);

    /** How a release phase ended. */
    public record Outcome(int exitCode) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private final Runtime runtime;
    private final ReleaseSpecs specs;
    private final ReleasePhaseResults results;
    private final LogRouter logs;
    private final Map<UUID, CompletableFuture<Outcome>> running = new ConcurrentHashMap<>();

    public ReleasePhases(Runtime runtime, ReleaseSpecs specs, ReleasePhaseResults results, LogRouter logs) {
        this.runtime = runtime;
        this.specs = specs;
        this.results = results;
        this.logs = logs;
    }

    /**
     * Runs the release phase of {@code pending} (or waits for the run already going) and marks the
     * release succeeded or failed. Output lines go to {@code output} and to the app's log stream.
     */
    public Outcome run(String app, AppState.RunnableRelease pending, Consumer<String> output) throws InterruptedException {
        CompletableFuture<Outcome> mine = new CompletableFuture<>();
        CompletableFuture<Outcome> theirs = running.putIfAbsent(pending.release().id(), mine);
        if (theirs != null) {
            output.accept("release phase of v" + pending.release().version() + " is already running; waiting for it");
            try {
                return theirs.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("release phase failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        try {
            Outcome outcome = execute(app, pending, output);
            mine.complete(outcome);
            return outcome;
        } catch (InterruptedException | RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(pending.release().id());
        }
    }

    private Outcome execute(String app, AppState.RunnableRelease pending, Consumer<String> toCaller)
            throws InterruptedException {
        String command = pending.release().processTypes().get(ReleasePhase.PROCESS_TYPE);
        int version = pending.release().version();
        String dyno = "release." + ThreadLocalRandom.current().nextInt(1000, 10000);
        Optional<Release> release = specs.release(pending);
        OutputTail kept = new OutputTail(BuildStore.MAX_OUTPUT_CHARS);
        Consumer<String> output = line -> {
            kept.add(line);
            toCaller.accept(line);
        };
        int code;
        if (release.isEmpty()) {
            output.accept("the slug of v" + version + " is missing from the slug store; deploy again");
            code = 1;
        } else {
            paasLine(app, dyno, "Starting process with command `" + command + "`");
            OneOffSpec spec = new OneOffSpec(app, release.get(), dyno, command, Map.of(), specs.size("standard-1x"), false);
            Consumer<String> tee = line -> {
                output.accept(line);
                logs.publish(new LogLine(Instant.now(), app, Source.APP, dyno, line));
            };
            try (LineOutput out = new LineOutput(tee); LineOutput err = new LineOutput(tee)) {
                code = runtime.run(spec, InputStream.nullInputStream(), out, err);
            } catch (RuntimeException e) {
                log.warn("release phase of {} v{} could not start: {}", app, version, e.toString());
                output.accept("the release command could not start: " + e.getMessage());
                code = 1;
            }
            paasLine(app, dyno, "Process exited with status " + code);
        }
        boolean finished = results.record(pending.release().id(), code == 0, kept.text());
        if (finished) {
            paasLine(app, "api", code == 0 ? "Release v" + version + " created: release command succeeded"
                    : "Release v" + version + " failed: release command `" + command + "` exited with status " + code
                    + "; the previous release stays live");
        }
        log.info("release phase app={} v{} dyno={} exit={}", app, version, dyno, code);
        return new Outcome(code);
    }

    /** The last {@code max} characters of the lines added, each ended by a newline; bounded however much is printed. */
    static final class OutputTail {
        private final int max;
        private final StringBuilder text = new StringBuilder();

        OutputTail(int max) {
            this.max = max;
        }

        synchronized void add(String line) {
            text.append(line).append('\n');
            if (text.length() > 2 * max) {
                text.delete(0, text.length() - max);
            }
        }

        synchronized String text() {
            return text.length() > max ? text.substring(text.length() - max) : text.toString();
        }
    }

    /** Frames a stream of output into lines by the log router's rules (invalid UTF-8, CR, 10,000-byte cuts). */
    private static final class LineOutput extends OutputStream {
        private final LineFramer framer;

        LineOutput(Consumer<String> sink) {
            framer = new LineFramer(LogLine.MAX_TEXT_BYTES, sink);
        }

        @Override
        public void write(int b) {
            framer.feed(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            framer.feed(b, off, len);
        }

        /** Hands over a last line without a terminator. */
        @Override
        public void close() {
            framer.finish();
        }
    }

    private void paasLine(String app, String dyno, String text) {
        logs.publish(new LogLine(Instant.now(), app, Source.PAAS, dyno, text));
    }
}
