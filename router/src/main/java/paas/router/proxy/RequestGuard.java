package paas.router.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

/**
 * Lets through only request heads that can be forwarded without doubt, as {@link ValidRequest};
 * every other head becomes a {@link RefusedRequest} (400, or 414 / 431 for the size limits), and
 * whatever follows it on the connection is dropped. Bodies pass untouched; chunk errors inside
 * them are the frontend's to handle, since only it knows how much was already forwarded.
 */
final class RequestGuard extends ChannelInboundHandlerAdapter {
    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!(msg instanceof HttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Object verdict;
        if (req.decoderResult().isFailure()) {
            verdict = refusalFor(req.decoderResult().cause());
            // The decoder reports a broken head as a FullHttpRequest that owns a (empty) buffer.
            ReferenceCountUtil.release(msg);
        } else {
            Framing.Outcome outcome = Framing.check(req);
            verdict = outcome.request() != null ? outcome.request()
                    : new RefusedRequest(outcome.refusal().status(), outcome.refusal().reason());
        }
        refused = verdict instanceof RefusedRequest;
        ctx.fireChannelRead(verdict);
    }

    static RefusedRequest refusalFor(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new RefusedRequest(HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new RefusedRequest(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers too large");
        }
        return new RefusedRequest(HttpResponseStatus.BAD_REQUEST, String.valueOf(cause));
    }
}
