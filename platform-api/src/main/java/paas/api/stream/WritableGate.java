package paas.api.stream;

import io.netty.channel.Channel;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Holds a writer thread back while its channel's outbound buffer is over the high-water mark, so
 * a slow client holds back the producer instead of filling the server's memory. The channel's
 * handler calls {@link #changed()} on writability changes and when the channel closes.
 */
final class WritableGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /**
     * Returns once {@code channel} is writable.
     *
     * @throws ClosedChannelException when it is (or becomes) closed
     */
    void await(Channel channel) throws IOException, InterruptedException {
        lock.lockInterruptibly();
        try {
            while (channel.isActive() && !channel.isWritable()) {
                // Timed only as a safety net: changed() is what normally wakes the writer.
                changed.await(1, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
        if (!channel.isActive()) {
            throw new ClosedChannelException();
        }
    }

    /** Event loop: writability or activity changed. */
    void changed() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
