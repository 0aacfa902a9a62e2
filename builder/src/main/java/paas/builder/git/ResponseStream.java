package paas.builder.git;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A chunked HTTP response body as a blocking OutputStream for JGit. {@link #flush()} sends what
 * is buffered at once (build output must reach the terminal as it happens); a writer blocks while
 * the socket is not writable, so a slow client holds back the producer instead of filling memory.
 */
final class ResponseStream extends OutputStream {
    private static final int BUFFER = 16 * 1024;

    private final Channel channel;
    private final byte[] buffer = new byte[BUFFER];
    private int used;
    private boolean closed;

    ResponseStream(Channel channel) {
        this.channel = channel;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (used == BUFFER) {
            send(false);
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == BUFFER) {
                send(false);
            }
            int n = Math.min(len, BUFFER - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        send(true);
    }

    /** Sends the rest and ends the chunked body. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        send(false);
        closed = true;
        await(channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
    }

    private void send(boolean flush) throws IOException {
        if (closed) {
            throw new IOException("response already finished");
        }
        if (!channel.isActive()) {
            throw new IOException("the client disconnected");
        }
        if (used > 0) {
            DefaultHttpContent chunk = new DefaultHttpContent(Unpooled.wrappedBuffer(Arrays.copyOf(buffer, used)));
            used = 0;
            ChannelFuture written = flush || !channel.isWritable() ? channel.writeAndFlush(chunk) : channel.write(chunk);
            if (!channel.isWritable()) {
                await(written);
            }
        } else if (flush) {
            channel.flush();
        }
    }

    private static void await(ChannelFuture future) throws IOException {
        try {
            future.sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending the response", e);
        } catch (Exception e) {
            throw new IOException("the client disconnected", e);
        }
    }
}
