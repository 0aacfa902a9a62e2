package paas.api.stream;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.http.HttpEdge;
import paas.api.http.Json;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code GET /log-sessions/SECRET}: opens the session and writes its lines as a chunked
 * {@code text/plain} body, a batch of the lines at hand per chunk, then closes the connection.
 * {@link #run} blocks (a worker thread); {@link #disconnected} is called from the event loop.
 */
final class LogResponse {
    private static final Logger log = LoggerFactory.getLogger("api");
    /** How long a tail waits for a line before checking again whether the client is still there. */
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final int BATCH_CHARS = 16 * 1024;

    private final ChannelHandlerContext ctx;
    private final WritableGate gate;
    private final Json json;
    private final String requestId;
    private volatile boolean disconnected;
    private volatile LogStream stream;

    LogResponse(ChannelHandlerContext ctx, WritableGate gate, Json json, String requestId) {
        this.ctx = ctx;
        this.gate = gate;
        this.json = json;
        this.requestId = requestId;
    }

    /**
     * Worker thread: serves the whole response, of the stream {@code opener} opens on this
     * connection; {@code path} names the endpoint in the request log.
     */
    void run(Function<StreamConnection, LogStream> opener, String path) {
        long started = System.nanoTime();
        LogStream opened;
        try {
            opened = opener.apply(new ChannelConnection(ctx.channel(), this::revoked));
        } catch (RuntimeException e) {
            var response = HttpEdge.error(e, requestId, json);
            logRequest(path, response.status().code(), started);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        stream = opened;
        logRequest(path, 200, started);
        try (opened) {
            // disconnected() may have run before stream was set; both fields are volatile, so
            // either it closed the stream or this check sees the flag.
            if (!disconnected) {
                copy(opened);
            }
        } catch (IOException e) {
            log.debug("request_id={} log stream ended: {}", requestId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("request_id={} log stream failed", requestId, e);
        } finally {
            ctx.close();
        }
    }

    private void copy(LogStream lines) throws IOException, InterruptedException {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set("Request-Id", requestId);
        ctx.writeAndFlush(head);
        StringBuilder batch = new StringBuilder();
        while (!disconnected) {
            Optional<String> line = lines.next(POLL);
            if (line.isEmpty()) {
                if (lines.ended()) {
                    break;
                }
                continue;
            }
            batch.setLength(0);
            batch.append(line.get()).append('\n');
            while (batch.length() < BATCH_CHARS) {
                Optional<String> more = lines.next(Duration.ZERO);
                if (more.isEmpty()) {
                    break;
                }
                batch.append(more.get()).append('\n');
            }
            gate.await(ctx.channel());
            ctx.writeAndFlush(new DefaultHttpContent(ByteBufUtil.writeUtf8(ctx.alloc(), batch)));
        }
        if (!disconnected) {
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).await();
        }
    }

    /** Event loop: the client went away; ends the stream, and with it the worker within a second. */
    void disconnected() {
        disconnected = true;
        LogStream current = stream;
        if (current != null) {
            current.close();
        }
    }

    /**
     * Any thread: the token the stream was opened with was revoked. Closing the connection without
     * the last chunk makes the client see an error rather than the log's end; the close ends the
     * stream and its worker as a disconnect does.
     */
    private void revoked(String why) {
        log.info("request_id={} log stream ended: {}", requestId, why);
        ctx.close();
    }

    private void logRequest(String path, int status, long started) {
        log.info("method=GET path={}... status={} request_id={} duration_ms={}", path, status, requestId,
                (System.nanoTime() - started) / 1_000_000);
    }
}
