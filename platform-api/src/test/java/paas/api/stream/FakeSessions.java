package paas.api.stream;

import paas.api.domain.PlatformException;
import paas.api.dynos.OneOffAttachment;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Sessions registered by a test under their secrets; one token is valid; a secret works once. */
final class FakeSessions implements Sessions {
    static final String TOKEN = "stream-test-token";

    private final Map<String, LogStream> logs = new ConcurrentHashMap<>();
    private final Map<String, OneOffAttachment> runs = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    void log(String secret, LogStream stream) {
        logs.put(secret, stream);
    }

    void run(String secret, OneOffAttachment attachment) {
        runs.put(secret, attachment);
    }

    @Override
    public LogStream openLog(String authorization, String secret, StreamConnection connection) {
        calls.incrementAndGet();
        authenticate(authorization);
        return Optional.ofNullable(logs.remove(secret)).orElseThrow(() -> new PlatformException.NotFound(
                "no such log session: it is unknown, used or expired; create one with POST /apps/APP/log-sessions"));
    }

    @Override
    public OneOffAttachment openRun(String authorization, String secret, StreamConnection connection) {
        calls.incrementAndGet();
        authenticate(authorization);
        return Optional.ofNullable(runs.remove(secret)).orElseThrow(() -> new PlatformException.NotFound(
                "no such run session: it is unknown, used or expired"));
    }

    private static void authenticate(String authorization) {
        if (!("Bearer " + TOKEN).equals(authorization)) {
            throw new PlatformException.Unauthorized("this request needs a token: send 'Authorization: Bearer TOKEN'");
        }
    }

    /** A log stream the test feeds line by line; it ends after {@link #finish()} once drained. */
    static final class ScriptedLog implements LogStream {
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private volatile boolean finished;
        private volatile boolean closed;
        volatile Thread reader;

        ScriptedLog add(String... more) {
            lines.addAll(List.of(more));
            return this;
        }

        ScriptedLog finish() {
            finished = true;
            return this;
        }

        boolean closed() {
            return closed;
        }

        @Override
        public Optional<String> next(Duration timeout) throws InterruptedException {
            reader = Thread.currentThread();
            if (ended()) {
                return Optional.empty();
            }
            return Optional.ofNullable(lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean ended() {
            return closed || finished && lines.isEmpty();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A tail that always has another line at hand and counts what it handed out. */
    static final class EndlessLog implements LogStream {
        static final String PADDING = "x".repeat(90);
        final AtomicInteger produced = new AtomicInteger();
        private volatile boolean closed;

        @Override
        public Optional<String> next(Duration timeout) {
            if (closed) {
                return Optional.empty();
            }
            return Optional.of(produced.getAndIncrement() + " " + PADDING);
        }

        @Override
        public boolean ended() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
