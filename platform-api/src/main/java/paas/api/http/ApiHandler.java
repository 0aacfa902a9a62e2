package paas.api.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.auth.Authenticator;
import paas.vocabulary.Quote;

import java.net.SocketAddress;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * Hands each request to a worker thread (handlers touch the store, which blocks) and writes
 * the answer back. Reading pauses while a request is handled, so a pipelining client gets its
 * answers in order and a fast client cannot queue unbounded work.
 */
final class ApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger("api");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9+/=_.:-]{20,200}");

    private final Endpoints endpoints;
    private final Authenticator authenticator;
    private final Json json;
    private final ExecutorService workers;
    private final ApiRateLimit rateLimit;

    ApiHandler(Endpoints endpoints, Authenticator authenticator, Json json, ExecutorService workers,
               ApiRateLimit rateLimit) {
        this.endpoints = endpoints;
        this.authenticator = authenticator;
        this.json = json;
        this.workers = workers;
        this.rateLimit = rateLimit;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
        String requestId = requestId(msg.headers().get("X-Request-Id"));
        boolean keepAlive = HttpUtil.isKeepAlive(msg);
        if (msg.decoderResult().isFailure()) {
            write(ctx, ErrorMapper.toResponse(RequestLimits.decoderFailure(msg.decoderResult().cause()), requestId),
                    requestId, false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(msg.uri());
        // The raw path: Endpoints decodes each segment once, so an encoded '/' (a drain's URL in
        // /log-drains/{id_or_url}) stays inside its segment instead of splitting the path.
        ApiRequest request = new ApiRequest(msg.method(), uri.rawPath(), uri.parameters(), msg.headers().copy(),
                ByteBufUtil.getBytes(msg.content()), requestId, null, Map.of());
        ctx.channel().config().setAutoRead(false);
        long started = System.nanoTime();
        SocketAddress client = paas.nettyio.ClientAddress.of(ctx.channel());
        workers.execute(() -> {
            Handled handled = handle(request, client);
            FullHttpResponse out = cacheable(request, handled);
            log.info("method={} path={} status={} request_id={} user={} duration_ms={}", request.method(),
                    Quote.logValue(request.path()), out.status().code(), requestId, handled.user(),
                    (System.nanoTime() - started) / 1_000_000);
            write(ctx, out, requestId, keepAlive);
        });
    }

    /** @param rateRemaining the caller's request tokens left, null when the route needs no token */
    private record Handled(ApiResponse response, String user, Integer rateRemaining) {
    }

    private Handled handle(ApiRequest request, SocketAddress client) {
        String user = "-";
        Integer remaining = null;
        try {
            Endpoints.Match match = endpoints.match(request.method(), request.path());
            ApiRequest bound = request.withPathParams(match.params());
            if (match.authenticated()) {
                bound = bound.withIdentity(authenticator.identify(request.headers().get(HttpHeaderNames.AUTHORIZATION),
                        client));
                user = bound.caller().email();
                if (match.rateLimited()) {
                    remaining = 0; // what a caller whose pool is empty is told with its 429
                    remaining = rateLimit.take(bound.caller().id());
                }
            }
            return new Handled(match.handler().handle(bound), user, remaining);
        } catch (Throwable e) {
            return new Handled(ErrorMapper.toResponse(e, request.requestId()), user, remaining);
        }
    }

    /**
     * The answer as HTTP, with Heroku's {@code RateLimit-Remaining} for a caller with a token, and
     * for a successful GET its {@code ETag}: {@code 304} with no body when the client's
     * {@code If-None-Match} names it.
     */
    private FullHttpResponse cacheable(ApiRequest request, Handled handled) {
        FullHttpResponse out = HttpEdge.toHttp(handled.response(), request.requestId(), json);
        if (handled.rateRemaining() != null) {
            out.headers().setInt("RateLimit-Remaining", handled.rateRemaining());
        }
        int status = out.status().code();
        if (!request.method().equals(HttpMethod.GET) || (status != 200 && status != 206)) {
            return out;
        }
        String tag = EntityTags.of(ByteBufUtil.getBytes(out.content()));
        out.headers().set(HttpHeaderNames.ETAG, tag);
        if (!EntityTags.matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH), tag)) {
            return out;
        }
        FullHttpResponse notModified = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
        notModified.headers().set(out.headers()).remove(HttpHeaderNames.CONTENT_TYPE)
                .remove(HttpHeaderNames.CONTENT_LENGTH);
        out.release();
        return notModified;
    }

    private void write(ChannelHandlerContext ctx, ApiResponse response, String requestId, boolean keepAlive) {
        write(ctx, HttpEdge.toHttp(response, requestId, json), requestId, keepAlive);
    }

    private void write(ChannelHandlerContext ctx, FullHttpResponse out, String requestId, boolean keepAlive) {
        if (keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(out).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    f.channel().config().setAutoRead(true);
                    f.channel().read();
                } else {
                    f.channel().close();
                }
            });
        } else {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String requestId(String incoming) {
        return incoming != null && REQUEST_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("connection error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
