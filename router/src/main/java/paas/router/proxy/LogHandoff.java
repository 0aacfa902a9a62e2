package paas.router.proxy;

import io.netty.util.internal.PlatformDependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.router.RouterLog;
import paas.router.RouterLogLine;

import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves router log lines off the event loops: {@link #accept} only offers to a bounded lock-free
 * queue (many producers, one consumer) and counts what does not fit; one thread delivers to the
 * real sink in order. Access-log lines are queued as their fields ({@link #accept(String, long,
 * AccessLog.Fields)}) and formatted on that thread, so the event loops never build the text.
 */
final class LogHandoff implements RouterLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogHandoff.class);
    private static final int BATCH = 256;
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** An access-log line still to be formatted. */
    private record Deferred(String app, long atMillis, AccessLog.Fields fields) {
    }

    private final RouterLog sink;
    /** Holds {@link RouterLogLine}s and {@link Deferred}s; the capacity is rounded up to a power of two. */
    private final Queue<Object> queue;
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private volatile boolean closed;

    LogHandoff(RouterLog sink, int capacity) {
        this.sink = sink;
        // Not a lock-based queue: an event loop must never park on a lock the log thread holds.
        this.queue = PlatformDependent.newFixedMpscQueue(Math.max(2, capacity));
        this.thread = Thread.ofPlatform().name("router-log").daemon().unstarted(this::deliver);
        thread.start();
    }

    /** Never blocks: a full queue drops the line. */
    @Override
    public void accept(RouterLogLine line) {
        offer(line);
    }

    /** The access-log line of one request, formatted later on the log thread. Never blocks. */
    void accept(String app, long atMillis, AccessLog.Fields fields) {
        offer(new Deferred(app, atMillis, fields));
    }

    private void offer(Object item) {
        if (closed || !queue.offer(item)) {
            dropped.increment();
        }
    }

    long dropped() {
        return dropped.sum();
    }

    /**
     * Drains in batches and naps when there is nothing to do, rather than waiting on the queue:
     * a waiting consumer would have every {@code offer} wake it, one futex call per request.
     */
    private void deliver() {
        while (true) {
            int delivered = 0;
            Object item;
            while (delivered < BATCH && (item = queue.poll()) != null) {
                delivered++;
                deliverOne(item);
            }
            if (delivered == 0) {
                if (closed && queue.isEmpty()) {
                    return;
                }
                LockSupport.parkNanos(NAP_NANOS);
            }
        }
    }

    private void deliverOne(Object item) {
        String app = item instanceof Deferred d ? d.app() : ((RouterLogLine) item).app();
        try {
            sink.accept(item instanceof Deferred d
                    ? AccessLog.line(d.app(), Instant.ofEpochMilli(d.atMillis()), d.fields())
                    : (RouterLogLine) item);
        } catch (RuntimeException e) {
            LOG.warn("router log sink failed on a line for app {}", app, e);
        }
    }

    /**
     * Stops taking lines and waits up to two seconds for those already queued to be delivered; a
     * sink still stuck after that is left to its daemon thread.
     */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
