package paas.logs.buffer;

import paas.logs.LogLine;
import paas.logs.Tail;
import paas.logs.TailRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link Tail} over an {@link AppLog}: history taken atomically with the subscription, then
 * live lines through a {@link LineQueue} that reports drops as L11.
 */
public final class TailSession implements Tail, AppLog.Subscriber {
    private static final int READ_BATCH = 256; // lines moved out of the shared buffer per lock

    private final TailRequest request;
    private final AppLog log;
    private final LineQueue live;              // null when not following
    private final Consumer<TailSession> onClose;
    private final ArrayDeque<LogLine> pending = new ArrayDeque<>(); // reader thread only
    private final AtomicBoolean closed = new AtomicBoolean();

    private TailSession(TailRequest request, AppLog log, int bufferLines, Clock clock, Consumer<TailSession> onClose) {
        this.request = request;
        this.log = log;
        this.live = request.follow() ? new LineQueue(request.app(), bufferLines, Overflow.L11, clock) : null;
        this.onClose = onClose;
    }

    /** Opens a tail; {@code onClose} runs once when it closes, whoever closes it. */
    public static TailSession open(AppLog log, TailRequest request, int bufferLines, Clock clock, Consumer<TailSession> onClose) {
        TailSession tail = new TailSession(request, log, bufferLines, clock, onClose);
        tail.pending.addAll(log.snapshotAndSubscribe(request.lines(), request::matches, request.follow() ? tail : null));
        return tail;
    }

    @Override
    public void offer(LogLine line) {
        if (request.matches(line)) {
            live.offer(line);
        }
    }

    @Override
    public Optional<LogLine> poll(Duration timeout) throws InterruptedException {
        if (closed.get()) {
            return Optional.empty();
        }
        if (pending.isEmpty() && live != null) {
            live.drainTo(pending, READ_BATCH, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        return closed.get() ? Optional.empty() : Optional.ofNullable(pending.poll());
    }

    @Override
    public boolean isEnded() {
        return closed.get() || (live == null && pending.isEmpty());
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (live != null) {
            log.unsubscribe(this);
            live.close();
        }
        onClose.accept(this);
    }

    public TailRequest request() {
        return request;
    }
}
