package paas.router.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.router.RouterLog;
import paas.router.RouterLogLine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves router log lines off the event loops: {@link #accept} only offers to a bounded queue and
 * counts what does not fit; one thread delivers to the real sink in order.
 */
final class LogHandoff implements RouterLog, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogHandoff.class);
    private static final int BATCH = 256;
    private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final RouterLog sink;
    private final BlockingQueue<RouterLogLine> queue;
    private final LongAdder dropped = new LongAdder();
    private final Thread thread;
    private volatile boolean closed;

    LogHandoff(RouterLog sink, int capacity) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = Thread.ofPlatform().name("router-log").daemon().unstarted(this::deliver);
        thread.start();
    }

    /** Never blocks: a full queue drops the line. */
    @Override
    public void accept(RouterLogLine line) {
        if (closed || !queue.offer(line)) {
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
        List<RouterLogLine> batch = new ArrayList<>(BATCH);
        while (true) {
            queue.drainTo(batch, BATCH);
            if (batch.isEmpty()) {
                if (closed) {
                    return;
                }
                LockSupport.parkNanos(NAP_NANOS);
                continue;
            }
            for (RouterLogLine line : batch) {
                try {
                    sink.accept(line);
                } catch (RuntimeException e) {
                    LOG.warn("router log sink failed on a line for app {}", line.app(), e);
                }
            }
            batch.clear();
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
