package paas.logs.drain;

import paas.logs.Drain;
import paas.logs.DrainStatus;
import paas.logs.LogLine;
import paas.logs.buffer.AppLog;
import paas.logs.buffer.LineQueue;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves one drain's lines from its bounded buffer to its receiver on a thread of its own (a
 * virtual thread: a receiver that hangs parks it, costing no platform thread). The publisher
 * only ever touches the buffer, so nothing a receiver does can slow it or another reader.
 *
 * <p>A failed batch is kept and sent again after a backoff that doubles up to a cap, until it
 * goes through or the drain is stopped; meanwhile new lines fill the buffer and, once it is
 * full, are counted and reported as L10 when the drain catches up.
 */
public final class DrainWorker implements AppLog.Subscriber {
    private static final System.Logger LOG = System.getLogger(DrainWorker.class.getName());

    private final Drain drain;
    private final LineQueue queue;
    private final Transport transport;
    private final Backoff backoff;
    private final int batchLines;
    private final Clock clock;
    private final Thread thread;
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean stopped;
    private volatile boolean connected;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    public DrainWorker(Drain drain, LineQueue queue, Transport transport, Backoff backoff, int batchLines, Clock clock,
                       ThreadFactory threads) {
        this.drain = drain;
        this.queue = queue;
        this.transport = transport;
        this.backoff = backoff;
        this.batchLines = batchLines;
        this.clock = clock;
        this.thread = threads.newThread(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Called under the app's lock: only buffers. */
    @Override
    public void offer(LogLine line) {
        queue.offer(line);
    }

    /** Stops delivery without waiting: buffered lines are discarded, a blocked send is aborted. */
    public void stop() {
        stopped = true;
        queue.close();
        transport.close();
        thread.interrupt();
    }

    public Drain drain() {
        return drain;
    }

    public DrainStatus status() {
        return new DrainStatus(drain, connected, delivered.get(), queue.droppedTotal(), queue.size(), queue.capacity(),
                lastError, lastErrorAt);
    }

    private void run() {
        List<LogLine> lines = new ArrayList<>(batchLines);
        Batch batch = null;
        while (!stopped) {
            try {
                if (batch == null) {
                    lines.clear();
                    if (queue.drainTo(lines, batchLines, 1, TimeUnit.SECONDS) == 0) {
                        continue;
                    }
                    batch = new Batch(UUID.randomUUID().toString(), lines);
                }
                transport.send(batch);
                delivered.addAndGet(batch.lines().size());
                batch = null;
                backoff.reset();
                if (!connected) {
                    connected = true;
                    LOG.log(System.Logger.Level.INFO, "drain {0} ({1}) delivering", drain.id(), drain.target().redacted());
                }
            } catch (InterruptedException e) {
                // Only stop() interrupts this thread; the loop condition ends it.
            } catch (IOException | RuntimeException e) {
                if (stopped) {
                    break;
                }
                fail(e);
            }
        }
        transport.close();
    }

    private void fail(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (connected || !message.equals(lastError)) {
            LOG.log(System.Logger.Level.WARNING, "drain {0} ({1}) failed, will retry: {2}", drain.id(), drain.target().redacted(), message);
        }
        connected = false;
        lastError = message;
        lastErrorAt = clock.instant();
        try {
            // A retry back-off, not a wait for a condition: a receiver that refused or failed
            // sends no word when it is back, so the only thing to wait for is time.
            Thread.sleep(backoff.next());
        } catch (InterruptedException ignored) {
            // stop() interrupts the wait; the loop condition ends the thread
        }
    }
}
