package paas.builder.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps a push's response alive while its build prints nothing: after {@code interval} of
 * silence it writes git's keep-alive, an empty packet on the data band (what
 * {@code receive.keepAlive} sends; clients skip it). Without it a proxy in front of paasd (the
 * router's idle timeout is 55 s, as Heroku's) cuts a push whose compiler runs quietly for a
 * minute, and git reports a failure while the build goes on.
 *
 * <p>Build lines and keep-alives are written under one lock, so a keep-alive never lands inside a
 * packet. The timer is a platform thread: its writes block while the client reads slowly.
 */
final class SilenceBreaker implements AutoCloseable {
    private static final byte[] KEEP_ALIVE = "0005\u0001".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream raw;
    private final long intervalNanos;
    private final ReentrantLock writing = new ReentrantLock();
    private final Thread timer;
    private volatile long lastWrite = System.nanoTime();
    private volatile boolean closed;

    /** Starts breaking silences on {@code raw}, the response below JGit's side-band streams. */
    static SilenceBreaker start(OutputStream raw, Duration interval) {
        return new SilenceBreaker(raw, interval);
    }

    private SilenceBreaker(OutputStream raw, Duration interval) {
        this.raw = raw;
        this.intervalNanos = interval.toNanos();
        this.timer = Thread.ofPlatform().daemon().name("git-keepalive").start(this::run);
    }

    /** Runs {@code write} (a build line through JGit) so no keep-alive interleaves with it. */
    void write(IORunnable write) throws IOException {
        writing.lock();
        try {
            write.run();
            lastWrite = System.nanoTime();
        } finally {
            writing.unlock();
        }
    }

    private void run() {
        while (!closed) {
            long quietFor = System.nanoTime() - lastWrite;
            try {
                if (quietFor < intervalNanos) {
                    Thread.sleep(Duration.ofNanos(intervalNanos - quietFor));
                    continue;
                }
                write(() -> {
                    raw.write(KEEP_ALIVE);
                    raw.flush();
                });
            } catch (InterruptedException e) {
                return;
            } catch (IOException gone) {
                return; // the client went away; the build goes on and its result is recorded
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        timer.interrupt();
        // Wait, so nothing is written after JGit goes on to the status report.
        writing.lock();
        writing.unlock();
    }

    @FunctionalInterface
    interface IORunnable {
        void run() throws IOException;
    }
}
