package paas.nettyio;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * Bytes that arrive on a channel's event loop, read by one blocking reader on another thread.
 * Reading from the socket pauses while more than the high-water mark waits and resumes below the
 * low-water mark, so a client sending faster than the reader reads cannot make the server buffer
 * without bound.
 *
 * <p>The event loop {@link #offer offers} chunks and says when the input {@link #end ended} or was
 * {@link #abort cut off}; the reader reads, and may {@link #close} early to drop the rest.
 */
public final class ChannelInput extends InputStream {
    private final Channel channel;
    private final int highWater;
    private final int lowWater;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private int queued;
    private boolean ended;
    private boolean closed;
    private String abortedBecause;

    /** Pauses reading from {@code channel} above {@code highWater} queued bytes, resumes below {@code lowWater}. */
    public ChannelInput(Channel channel, int highWater, int lowWater) {
        if (lowWater <= 0 || lowWater > highWater) {
            throw new IllegalArgumentException("need 0 < lowWater <= highWater, got " + lowWater + ", " + highWater);
        }
        this.channel = channel;
        this.highWater = highWater;
        this.lowWater = lowWater;
    }

    /** Event loop: takes ownership of {@code chunk}; dropped once the input ended, was aborted or closed. */
    public synchronized void offer(ByteBuf chunk) {
        if (ended || closed || abortedBecause != null || !chunk.isReadable()) {
            chunk.release();
            return;
        }
        chunks.add(chunk);
        queued += chunk.readableBytes();
        if (queued > highWater) {
            channel.config().setAutoRead(false);
        }
        notifyAll();
    }

    /** Event loop: no more input; the reader gets what is queued, then end of stream. */
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The sender went away: what is queued is dropped, and the reader gets an IOException saying {@code why}. */
    public synchronized void abort(String why) {
        abortedBecause = why;
        dropQueued();
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
            if (abortedBecause != null) {
                throw new IOException(abortedBecause);
            }
            if (ended || closed) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for input");
            }
        }
        ByteBuf head = chunks.peek();
        int n = Math.min(len, head.readableBytes());
        head.readBytes(b, off, n);
        if (!head.isReadable()) {
            chunks.poll().release();
        }
        queued -= n;
        if (queued < lowWater) {
            resumeReading();
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return queued;
    }

    /** Reader: drops what is left; later chunks are dropped as they arrive, and reading resumes. */
    @Override
    public synchronized void close() {
        closed = true;
        dropQueued();
        notifyAll();
    }

    private void dropQueued() {
        chunks.forEach(ByteBuf::release);
        chunks.clear();
        queued = 0;
        resumeReading();
    }

    private void resumeReading() {
        if (!channel.config().isAutoRead()) {
            // On the event loop: switching auto-read on there also asks the channel for the next read.
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
    }
}
