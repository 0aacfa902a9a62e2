package paas.api.stream;

import io.netty.channel.Channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * The client's STDIN frames as the dyno's blocking standard input. Frames are offered on the
 * event loop; reading from the socket pauses while more than {@link #HIGH_WATER} bytes wait, so a
 * client typing faster than the dyno reads cannot make the server buffer without bound.
 */
final class StdinQueue extends InputStream {
    static final int HIGH_WATER = 256 * 1024;
    private static final int LOW_WATER = 64 * 1024;

    private final Channel channel;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private int queued;
    private boolean ended;
    private boolean aborted;

    StdinQueue(Channel channel) {
        this.channel = channel;
    }

    /** Event loop: a STDIN frame's payload; ignored after {@link #end()}. */
    synchronized void offer(byte[] payload) {
        if (ended || aborted || payload.length == 0) {
            return;
        }
        chunks.add(payload);
        queued += payload.length;
        if (queued > HIGH_WATER) {
            channel.config().setAutoRead(false);
        }
        notifyAll();
    }

    /** Standard input ended (STDIN_EOF): readers get what is queued, then end of stream. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The client went away: what is queued is dropped, readers get an IOException. */
    synchronized void abort() {
        aborted = true;
        chunks.clear();
        queued = 0;
        headOffset = 0;
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (chunks.isEmpty()) {
            if (aborted) {
                throw new IOException("the client disconnected; standard input is cut off");
            }
            if (ended) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for standard input");
            }
        }
        byte[] head = chunks.peek();
        int n = Math.min(len, head.length - headOffset);
        System.arraycopy(head, headOffset, b, off, n);
        headOffset += n;
        if (headOffset == head.length) {
            chunks.poll();
            headOffset = 0;
        }
        queued -= n;
        if (queued < LOW_WATER && !channel.config().isAutoRead()) {
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return queued;
    }
}
