package paas.api.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.dynos.ReleaseOutputLinks;
import paas.api.http.ApiError;
import paas.api.http.HttpEdge;
import paas.api.http.Json;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * Serves the streaming endpoints of docs/api.md, {@code GET /log-sessions/SECRET} (a chunked
 * log stream), {@code GET /release-outputs/LINK} (a release phase's output, as a finished log
 * stream) and {@code GET /run-sessions/SECRET} (an upgrade to the {@code paas-run} frame
 * protocol of a one-off dyno), on worker threads; every other request passes through untouched.
 * Sits after the HTTP codec and before the aggregator; one instance per connection.
 *
 * <p>A stream owns its connection until it ends and then closes it; errors from {@link Sessions}
 * are answered as the API answers them ({@code {id, message}}, {@code Request-Id}) and close the
 * connection too. While a stream runs the channel carries {@link #BUSY}.
 */
public final class StreamHandler extends ChannelInboundHandlerAdapter {
    /** Set while a stream runs, so idle-connection reapers leave a quiet tail or dyno alone. */
    public static final AttributeKey<Boolean> BUSY = AttributeKey.valueOf("paas.stream.busy");
    /** The {@code Upgrade} protocol of an attached one-off dyno. */
    public static final String RUN_PROTOCOL = "paas-run";

    private static final Logger log = LoggerFactory.getLogger(StreamHandler.class);
    private static final String LOG_PATH = "/log-sessions/";
    private static final String RUN_PATH = "/run-sessions/";

    private enum Mode {
        /** Between requests, or passing an ordinary request (and its content) on. */
        HTTP,
        /** Streaming a log; the connection closes after it. */
        LOG,
        /** Answered a refusal; the connection is closing. */
        REFUSED,
        /** Claiming or running a one-off dyno; the client's bytes are frames. */
        RUN
    }

    private final Sessions sessions;
    private final Executor workers;
    private final Json json;
    private final WritableGate gate = new WritableGate();
    private Mode mode = Mode.HTTP;
    private LogResponse logResponse;
    private RunSession runSession;
    private Frames.Reader frames;

    /**
     * @param workers runs the blocking work of each stream for its whole length (virtual threads)
     */
    public StreamHandler(Sessions sessions, Executor workers, Json json) {
        this.sessions = sessions;
        this.workers = workers;
        this.json = json;
    }

    /** True while a stream runs on {@code channel}. */
    public static boolean isBusy(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(BUSY).get());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (mode) {
            case HTTP -> {
                if (msg instanceof HttpRequest request && take(ctx, request)) {
                    ReferenceCountUtil.release(msg);
                } else {
                    ctx.fireChannelRead(msg);
                }
            }
            case LOG -> {
                if (msg instanceof HttpRequest) {
                    // A request pipelined behind a log stream would be answered inside it; the
                    // stream says Connection: close, so a client sending one is not speaking HTTP.
                    ctx.close();
                }
                ReferenceCountUtil.release(msg);
            }
            case REFUSED -> ReferenceCountUtil.release(msg);
            case RUN -> {
                if (msg instanceof ByteBuf bytes) {
                    if (!frames.read(bytes, runSession::frame)) {
                        log.debug("closing a run session from {}: a frame over {} bytes", ctx.channel().remoteAddress(),
                                Frames.MAX_PAYLOAD);
                        ctx.close();
                    }
                } else {
                    // The empty content the HTTP decoder emitted for the upgrade request itself.
                    ReferenceCountUtil.release(msg);
                }
            }
        }
    }

    /** Starts serving {@code request} when it is a stream's; false leaves it to the next handler. */
    private boolean take(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure() || !HttpMethod.GET.equals(request.method())) {
            return false;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        String logSecret = secret(path, LOG_PATH);
        String runSecret = secret(path, RUN_PATH);
        String outputLink = secret(path, ReleaseOutputLinks.PATH);
        if (logSecret == null && runSecret == null && outputLink == null) {
            return false;
        }
        String requestId = HttpEdge.requestId(request.headers().get("X-Request-Id"));
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (logSecret != null) {
            startLog(ctx, requestId, connection -> sessions.openLog(authorization, logSecret, connection), LOG_PATH);
        } else if (outputLink != null) {
            startLog(ctx, requestId, connection -> sessions.openReleaseOutput(outputLink), ReleaseOutputLinks.PATH);
        } else if (isUpgrade(request.headers())) {
            startRun(ctx, requestId, authorization, runSecret);
        } else {
            mode = Mode.REFUSED;
            ctx.writeAndFlush(HttpEdge.error(ApiError.badRequest("GET " + RUN_PATH + "SECRET attaches to a one-off"
                    + " dyno and must ask to switch protocols: send 'Connection: Upgrade' and 'Upgrade: "
                    + RUN_PROTOCOL + "' (see docs/api.md, \"Attaching to a one-off dyno\")"), requestId, json))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        return true;
    }

    private static String secret(String path, String prefix) {
        if (!path.startsWith(prefix)) {
            return null;
        }
        String secret = path.substring(prefix.length());
        return secret.isEmpty() || secret.indexOf('/') >= 0 ? null : secret;
    }

    private static boolean isUpgrade(HttpHeaders headers) {
        return headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && headers.containsValue(HttpHeaderNames.UPGRADE, RUN_PROTOCOL, true);
    }

    private void startLog(ChannelHandlerContext ctx, String requestId, Function<StreamConnection, LogStream> opener,
                          String path) {
        mode = Mode.LOG;
        ctx.channel().attr(BUSY).set(true);
        LogResponse response = new LogResponse(ctx, gate, json, requestId);
        logResponse = response;
        execute(ctx, () -> response.run(opener, path));
    }

    private void startRun(ChannelHandlerContext ctx, String requestId, String authorization, String secret) {
        mode = Mode.RUN;
        ctx.channel().attr(BUSY).set(true);
        RunSession session = new RunSession(ctx, gate, json, requestId);
        runSession = session;
        frames = new Frames.Reader();
        // From here on the client's bytes are frames, which it may send before the 101 (even in
        // the packet of the request). Taking the HTTP decoder out now hands the bytes it holds, and
        // all later ones, to this handler; the encoder stays to write the 101 or the error.
        HttpServerCodec codec = ctx.pipeline().get(HttpServerCodec.class);
        if (codec != null) {
            codec.removeInboundHandler();
        }
        execute(ctx, () -> session.serve(sessions, authorization, secret, c -> switchProtocols(c, requestId)));
    }

    /** Event loop: answers 101 and leaves only the idle handlers and this one in the pipeline. */
    private static void switchProtocols(ChannelHandlerContext ctx, String requestId) {
        if (!ctx.channel().isActive()) {
            return;
        }
        FullHttpResponse switching = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER);
        switching.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                .set(HttpHeaderNames.UPGRADE, RUN_PROTOCOL)
                .set("Request-Id", requestId);
        // On the event loop the write passes the encoder at once, so the codec can go right after.
        ctx.writeAndFlush(switching);
        ChannelPipeline pipeline = ctx.pipeline();
        ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
        if (codec == null) {
            return;
        }
        List<String> names = pipeline.names();
        for (String name : names.subList(names.indexOf(codec.name()), names.size())) {
            if (!name.equals(ctx.name()) && pipeline.context(name) != null) {
                pipeline.remove(name);
            }
        }
    }

    private void execute(ChannelHandlerContext ctx, Runnable stream) {
        try {
            workers.execute(stream);
        } catch (RejectedExecutionException e) {
            // The server is shutting down.
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        gate.changed();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        gate.changed();
        if (logResponse != null) {
            logResponse.disconnected();
        }
        if (runSession != null) {
            runSession.disconnected();
        }
        if (frames != null) {
            frames.release();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (frames != null) {
            frames.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (mode == Mode.HTTP) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        log.debug("stream connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
