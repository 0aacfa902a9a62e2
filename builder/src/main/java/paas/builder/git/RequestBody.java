package paas.builder.git;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body as a blocking InputStream for JGit, fed with chunks from the event loop.
 * Reading from the socket pauses while more than {@link #HIGH_WATER} bytes wait, so a fast
 * client cannot make the server buffer an unbounded pack.
 */
final class RequestBody extends InputStream {
    static final int HIGH_WATER = 1024 * 1024;
    private static final int LOW_WATER = 256 * 1024;

    private final Channel channel;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private int queued;
    private boolean ended;
    private boolean closed;

    RequestBody(Channel channel) {
        this.channel = channel;
    }

    /** Event loop: takes ownership of {@code chunk}. */
    synchronized void offer(ByteBuf chunk) {
        if (closed) {
            chunk.release();
            return;
        }
        if (chunk.isReadable()) {
            chunks.add(chunk);
            queued += chunk.readableBytes();
            if (queued > HIGH_WATER) {
                channel.config().setAutoRead(false);
            }
        } else {
            chunk.release();
        }
        notifyAll();
    }

    /** Event loop: the request's last content arrived (or the connection closed). */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    @Override
    public synchronized int read() throws IOException {
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
            if (ended || closed) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the request body", e);
            }
        }
        ByteBuf head = chunks.peek();
        int n = Math.min(len, head.readableBytes());
        head.readBytes(b, off, n);
        if (!head.isReadable()) {
            chunks.poll().release();
        }
        queued -= n;
        if (queued < LOW_WATER && !channel.config().isAutoRead()) {
            channel.eventLoop().execute(() -> {
                channel.config().setAutoRead(true);
                channel.read();
            });
        }
        return n;
    }

    /** Discards what is left; later chunks are dropped as they arrive. */
    @Override
    public synchronized void close() {
        closed = true;
        chunks.forEach(ByteBuf::release);
        chunks.clear();
        queued = 0;
        if (!channel.config().isAutoRead()) {
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
        notifyAll();
    }
}
