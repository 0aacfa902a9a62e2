package paas.logs.buffer;

import paas.logs.LogLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * One app's stream: the last N lines in a ring, and the readers (tails, drains) that receive
 * each new line. Appending and subscribing take the same lock, so a reader that subscribes
 * gets a history snapshot and every line after it, with none lost or doubled in between.
 *
 * <p>Thread-safe. The lock is held only to store a line and hand it to each reader's
 * {@link Subscriber#offer}, which must not block (readers keep their own bounded buffers).
 */
public final class AppLog {

    /** A reader of new lines. {@link #offer} runs under the app's lock: it must be quick and never block. */
    @FunctionalInterface
    public interface Subscriber {
        void offer(LogLine line);
    }

    private static final Subscriber[] NONE = new Subscriber[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final LogLine[] ring;
    private int head;  // index of the oldest line
    private int size;
    private Subscriber[] subscribers = NONE; // replaced, never mutated: cheap to iterate

    public AppLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("history must keep at least 1 line, got " + capacity);
        }
        this.ring = new LogLine[capacity];
    }

    /** Stores the line, evicting the oldest when full, and offers it to every reader. */
    public void append(LogLine line) {
        lock.lock();
        try {
            store(line);
        } finally {
            lock.unlock();
        }
    }

    /** Appends lines as one unit: no other line falls between them (the pieces of a split line). */
    public void appendAll(List<LogLine> lines) {
        lock.lock();
        try {
            for (LogLine line : lines) {
                store(line);
            }
        } finally {
            lock.unlock();
        }
    }

    private void store(LogLine line) {
        if (size < ring.length) {
            ring[(head + size) % ring.length] = line;
            size++;
        } else {
            ring[head] = line;
            head = (head + 1) % ring.length;
        }
        for (Subscriber s : subscribers) {
            s.offer(line);
        }
    }

    /**
     * Atomically takes the last {@code lines} lines that pass {@code filter}, oldest first, and,
     * when {@code subscriber} is not null, registers it for every line appended afterwards.
     */
    public List<LogLine> snapshotAndSubscribe(int lines, Predicate<LogLine> filter, Subscriber subscriber) {
        lock.lock();
        try {
            List<LogLine> history = new ArrayList<>(Math.min(lines, size));
            for (int i = size - 1; i >= 0 && history.size() < lines; i--) {
                LogLine line = ring[(head + i) % ring.length];
                if (filter.test(line)) {
                    history.add(line);
                }
            }
            Collections.reverse(history);
            if (subscriber != null) {
                Subscriber[] next = Arrays.copyOf(subscribers, subscribers.length + 1);
                next[subscribers.length] = subscriber;
                subscribers = next;
            }
            return history;
        } finally {
            lock.unlock();
        }
    }

    /** Stops offering lines to {@code subscriber}; no effect if it is not registered. */
    public void unsubscribe(Subscriber subscriber) {
        lock.lock();
        try {
            int i = Arrays.asList(subscribers).indexOf(subscriber);
            if (i >= 0) {
                Subscriber[] next = new Subscriber[subscribers.length - 1];
                System.arraycopy(subscribers, 0, next, 0, i);
                System.arraycopy(subscribers, i + 1, next, i, next.length - i);
                subscribers = next;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lines held now, at most the capacity. */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return ring.length;
    }
}
