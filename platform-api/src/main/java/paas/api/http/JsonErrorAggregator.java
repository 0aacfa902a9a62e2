package paas.api.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Netty's aggregator, but a body over the limit gets the API's 413 with Heroku's JSON error
 * ({@code request_entity_too_large}) instead of an empty one: whether the client announced it
 * ({@code Content-Length}, {@code Expect: 100-continue}) or it only grew too large while sent.
 * As Netty does, the rest of such a body is discarded and the connection kept when it can be.
 */
final class JsonErrorAggregator extends HttpObjectAggregator {
    private final int maxBytes;
    private final Json json;

    JsonErrorAggregator(int maxBytes, Json json) {
        super(maxBytes);
        this.maxBytes = maxBytes;
        this.json = json;
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
        if (answer instanceof FullHttpResponse r && r.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
            FullHttpResponse replaced = tooLarge(start);
            replaced.headers().add(r.headers().copy().remove(HttpHeaderNames.CONTENT_LENGTH)
                    .remove(HttpHeaderNames.CONTENT_TYPE));
            r.release();
            return replaced;
        }
        return answer;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (!(oversized instanceof HttpRequest)) {
            super.handleOversizedMessage(ctx, oversized);
            return;
        }
        FullHttpResponse answer = tooLarge(oversized);
        boolean close = oversized instanceof FullHttpMessage || !ctx.channel().config().isAutoRead()
                || (!HttpUtil.is100ContinueExpected(oversized) && !HttpUtil.isKeepAlive(oversized));
        if (close) {
            answer.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    private FullHttpResponse tooLarge(HttpMessage request) {
        String requestId = HttpEdge.requestId(request.headers().get("X-Request-Id"));
        return HttpEdge.toHttp(ErrorMapper.toResponse(RequestLimits.bodyTooLarge(maxBytes), requestId), requestId, json);
    }
}
