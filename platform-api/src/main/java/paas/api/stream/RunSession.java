package paas.api.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.dynos.OneOffAttachment;
import paas.api.http.HttpEdge;
import paas.api.http.Json;
import paas.nettyio.ChannelInput;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * One {@code GET /run-sessions/SECRET} upgrade: claims the one-off dyno, has the handler switch
 * the connection to frames, runs the dyno with the client's frames as its standard input and its
 * output sent back as frames, and ends with EXIT (or ERROR) and a close.
 *
 * <p>{@link #serve} blocks on a worker thread; {@link #frame} and {@link #disconnected} are called
 * on the event loop. A disconnect while the dyno runs interrupts the worker, which kills it.
 */
final class RunSession {
    private static final Logger log = LoggerFactory.getLogger("api");

    /** A client typing faster than the dyno reads pauses above this many queued bytes. */
    static final int STDIN_HIGH_WATER = 256 * 1024;
    private static final int STDIN_LOW_WATER = 64 * 1024;

    private final ChannelHandlerContext ctx;
    private final WritableGate gate;
    private final Json json;
    private final String requestId;
    /** The client's STDIN frames as the dyno's standard input. */
    private final ChannelInput stdin;
    private final Object lock = new Object();
    private Thread runner;
    private boolean disconnected;
    private volatile boolean finished;
    /** The claimed session's attachment, once claimed: where RESIZE frames go. */
    private volatile OneOffAttachment claimed;

    RunSession(ChannelHandlerContext ctx, WritableGate gate, Json json, String requestId) {
        this.ctx = ctx;
        this.gate = gate;
        this.json = json;
        this.requestId = requestId;
        this.stdin = new ChannelInput(ctx.channel(), STDIN_HIGH_WATER, STDIN_LOW_WATER);
    }

    /**
     * Worker thread: serves the session to its end.
     *
     * @param switchProtocols run on the event loop once the session is claimed: answers 101 and
     *                        turns the pipeline over to frames
     */
    void serve(Sessions sessions, String authorization, String secret, Consumer<ChannelHandlerContext> switchProtocols) {
        long started = System.nanoTime();
        if (!ctx.channel().isActive()) {
            return; // gone already: leave the session unclaimed
        }
        OneOffAttachment attachment;
        try {
            attachment = sessions.openRun(authorization, secret, new ChannelConnection(ctx.channel(), this::revoked));
        } catch (RuntimeException e) {
            var response = HttpEdge.error(e, requestId, json);
            logRequest(response.status().code(), started);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        logRequest(101, started);
        claimed = attachment;
        try {
            Future<?> switched = ctx.executor().submit(() -> switchProtocols.accept(ctx));
            switched.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.close();
            return;
        } catch (ExecutionException | RuntimeException e) {
            log.warn("request_id={} cannot switch to the run protocol", requestId, e);
            ctx.close();
            return;
        }
        synchronized (lock) {
            // The dyno starts only on a live upgraded connection; a client gone by now never starts it.
            if (disconnected || !ctx.channel().isActive()) {
                return;
            }
            runner = Thread.currentThread();
        }
        ctx.writeAndFlush(run(attachment)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Runs the dyno; the frame that ends the session. */
    private ByteBuf run(OneOffAttachment attachment) {
        try {
            return Frames.exit(attachment.run(stdin, new FrameOutput(Frames.STDOUT), new FrameOutput(Frames.STDERR)));
        } catch (InterruptedException e) {
            // The client went away (nobody reads this frame) or the platform is shutting down.
            return Frames.error("the one-off dyno was stopped: the platform is shutting down or the client went away");
        } catch (RuntimeException e) {
            log.info("request_id={} one-off dyno failed: {}", requestId, e.toString());
            return Frames.error(e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            synchronized (lock) {
                runner = null;
            }
            // An interrupt that raced with run returning must not leak into the worker's next task.
            Thread.interrupted();
            finished = true;
        }
    }

    /** Event loop: a complete frame from the client. */
    void frame(byte type, byte[] payload) {
        switch (type) {
            case Frames.STDIN -> stdin.offer(Unpooled.wrappedBuffer(payload));
            case Frames.STDIN_EOF -> stdin.end();
            case Frames.RESIZE -> {
                OneOffAttachment attachment = claimed;
                if (attachment != null && payload.length == 8) {
                    ByteBuffer size = ByteBuffer.wrap(payload);
                    attachment.resize(size.getInt(), size.getInt());
                }
            }
            default -> {
                // Frames of unknown type (or server-to-client types) are ignored, as documented.
            }
        }
    }

    /** Event loop: the connection closed; kills the dyno if it is running. */
    void disconnected() {
        stdin.abort("the client disconnected; standard input is cut off");
        synchronized (lock) {
            disconnected = true;
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    /**
     * Any thread: the token the session was opened with was revoked. A running dyno's client gets
     * an ERROR frame saying why, then the close, which kills the dyno as a disconnect does; before
     * the dyno runs the connection just closes.
     */
    private void revoked(String why) {
        log.info("request_id={} one-off session ended: {}", requestId, why);
        synchronized (lock) {
            if (runner == null) {
                ctx.close();
                return;
            }
            // No more output frames after the ERROR frame: the client reads it as the last word.
            finished = true;
        }
        ctx.writeAndFlush(Frames.error("the one-off dyno was stopped: " + why)).addListener(ChannelFutureListener.CLOSE);
    }

    private void logRequest(int status, long started) {
        log.info("method=GET path=/run-sessions/... status={} request_id={} duration_ms={}", status, requestId,
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The dyno's standard output or error: every write becomes frames sent at once (an
     * interactive session must see each prompt as it comes); the writer blocks while the socket
     * is not writable. Safe for one writer per stream; frames of the two streams never interleave.
     */
    private final class FrameOutput extends OutputStream {
        private final byte type;

        FrameOutput(byte type) {
            this.type = type;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            while (len > 0) {
                if (finished) {
                    throw new IOException("the one-off session has ended");
                }
                try {
                    gate.await(ctx.channel());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while sending output to the client");
                }
                int n = Math.min(len, Frames.MAX_PAYLOAD);
                ctx.writeAndFlush(Frames.frame(ctx.alloc(), type, b, off, n));
                off += n;
                len -= n;
            }
        }
    }
}
