package paas.router.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.HttpConversionUtil;

import java.util.List;

/**
 * Makes an HTTP/2 request, as Netty's stream codec turns it into HTTP/1 objects, look like one read
 * from an HTTP/1.1 connection, so that the guard and the frontend treat both alike. The codec
 * already made {@code :authority} the {@code Host} (a conflicting Host header is a protocol
 * error); here Netty's {@code x-http2-*} bookkeeping headers are dropped (the dyno never sees them,
 * nor a client's own copies), a {@code :path} longer than the request-line
 * limit is refused (414) and so are more header fields or longer ones than an HTTP/1.1 head may
 * have (431), as they would be over HTTP/1.1, and a request whose HEADERS ended the
 * stream is passed on as a head and an (empty) end of body.
 */
final class Http2RequestHead extends ChannelInboundHandlerAdapter {
    private static final List<CharSequence> BOOKKEEPING = List.of(
            HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text(),
            HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(),
            HttpConversionUtil.ExtensionHeaderNames.PATH.text(),
            HttpConversionUtil.ExtensionHeaderNames.STREAM_PROMISE_ID.text(),
            HttpConversionUtil.ExtensionHeaderNames.STREAM_DEPENDENCY_ID.text(),
            HttpConversionUtil.ExtensionHeaderNames.STREAM_WEIGHT.text(),
            HttpConversionUtil.ExtensionHeaderNames.PROTOCOL.text());

    private final int maxRequestLine;
    private final int maxHeaderCount;
    private final int maxHeaderLineBytes;

    Http2RequestHead(int maxRequestLine, int maxHeaderCount, int maxHeaderLineBytes) {
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderCount = maxHeaderCount;
        this.maxHeaderLineBytes = maxHeaderLineBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest req)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HttpRequest head = req;
        if (req instanceof FullHttpRequest full) {
            head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
        }
        rewrite(head);
        ctx.fireChannelRead(head);
        if (req instanceof FullHttpRequest full) {
            ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
        }
    }

    private void rewrite(HttpRequest head) {
        HttpHeaders h = head.headers();
        for (CharSequence name : BOOKKEEPING) {
            h.remove(name);
        }
        if (head.uri().length() > maxRequestLine) {
            head.setDecoderResult(DecoderResult.failure(
                    new TooLongHttpLineException(":path is longer than " + maxRequestLine + " bytes")));
            return;
        }
        Exception tooLarge = headerLimitBroken(h);
        if (tooLarge != null) {
            head.setDecoderResult(DecoderResult.failure(tooLarge));
        }
    }

    /** The HTTP/1.1 head limits (field count, {@code name: value} length) applied to HTTP/2 fields; null when within. */
    private Exception headerLimitBroken(HttpHeaders h) {
        if (h.size() > maxHeaderCount) {
            return new TooLongHttpHeaderException("more than " + maxHeaderCount + " header fields");
        }
        for (var it = h.iteratorCharSequence(); it.hasNext(); ) {
            var field = it.next();
            if (field.getKey().length() + 2 + field.getValue().length() > maxHeaderLineBytes) {
                return new TooLongHttpHeaderException("a header field is longer than " + maxHeaderLineBytes + " bytes");
            }
        }
        return null;
    }
}
