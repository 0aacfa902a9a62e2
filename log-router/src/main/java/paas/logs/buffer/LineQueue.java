package paas.logs.buffer;

import paas.logs.LogLine;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One reader's bounded buffer (a tail's or a drain's). {@link #offer} never waits: when the
 * buffer is full the line is dropped and counted. The count reaches the reader as one
 * {@link Overflow} notice at the exact place of the gap: either just before the next line
 * accepted after room came back, or, if no line comes, as soon as the reader has emptied
 * the buffer. Every offered line is thus either delivered or counted, never both.
 *
 * <p>Thread-safe: any number of producers, one consumer (a second one would compete for lines
 * but stay correct). Every operation holds a private lock only for a few field updates.
 */
public final class LineQueue {
    private final String app;
    private final Overflow overflow;
    private final Clock clock;
    private final LogLine[] items;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();

    private int head;
    private int size;
    private long dropped;        // lines lost since the last notice
    private Instant droppedSince; // when the first of them was lost
    private long droppedTotal;
    private boolean closed;

    public LineQueue(String app, int capacity, Overflow overflow, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("buffer capacity must be at least 1 line, got " + capacity);
        }
        this.app = LogLine.requireAppName(app);
        this.overflow = overflow;
        this.clock = clock;
        this.items = new LogLine[capacity];
    }

    /** Adds a line, or drops and counts it when the buffer is full or closed. Never blocks. */
    public void offer(LogLine line) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (dropped > 0) {
                // The notice must sit where the gap is, so it needs a slot of its own too.
                if (items.length - size < 2) {
                    drop();
                    return;
                }
                enqueue(takeNotice());
            } else if (size == items.length) {
                drop();
                return;
            }
            enqueue(line);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code max} lines into {@code out}, waiting up to {@code timeout} for the first.
     * Returns how many were added: 0 on timeout or when closed.
     */
    public int drainTo(Collection<? super LogLine> out, int max, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (size == 0 && dropped == 0) {
                if (closed || nanos <= 0) {
                    return 0;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            int n = 0;
            while (n < max && size > 0) {
                out.add(dequeue());
                n++;
            }
            if (n < max && size == 0 && dropped > 0) {
                // The reader has caught up: tell it now rather than waiting for the next line.
                out.add(takeNotice());
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting lines, discards what is buffered and wakes a waiting reader. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            Arrays.fill(items, null);
            size = 0;
            dropped = 0;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Lines waiting now (at most the capacity). */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return items.length;
    }

    /** Lines dropped over this buffer's life. */
    public long droppedTotal() {
        lock.lock();
        try {
            return droppedTotal;
        } finally {
            lock.unlock();
        }
    }

    private void drop() {
        if (dropped == 0) {
            droppedSince = clock.instant();
        }
        dropped++;
        droppedTotal++;
    }

    private LogLine takeNotice() {
        LogLine notice = overflow.notice(app, dropped, droppedSince, clock.instant());
        dropped = 0;
        droppedSince = null;
        return notice;
    }

    private void enqueue(LogLine line) {
        items[(head + size) % items.length] = line;
        size++;
    }

    private LogLine dequeue() {
        LogLine line = items[head];
        items[head] = null;
        head = (head + 1) % items.length;
        size--;
        return line;
    }
}
