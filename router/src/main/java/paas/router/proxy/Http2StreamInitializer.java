package paas.router.proxy;

import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * One HTTP/2 stream's pipeline: its frames as HTTP/1 objects, then the same request handling as
 * an HTTP/1.1 connection's (guard, frontend, exchange, HTTP/1.1 to the dyno). Auto-read is off as
 * on every client connection: a stream's DATA is read, and its flow-control window given back,
 * only as fast as the dyno takes the body.
 */
final class Http2StreamInitializer extends ChannelInitializer<Http2StreamChannel> {
    private final Proxy proxy;

    Http2StreamInitializer(Proxy proxy) {
        this.proxy = proxy;
    }

    @Override
    protected void initChannel(Http2StreamChannel ch) {
        ch.config().setAutoRead(false);
        ch.pipeline()
                .addLast("h2-http", new Http2StreamFrameToHttpObjectCodec(true, true))
                .addLast("h2-request", new Http2RequestHead(proxy.config().maxRequestLineBytes(),
                        proxy.config().maxHeaderCount(), proxy.config().maxHeaderLineBytes()))
                .addLast("flow", new OneMessagePerRead())
                .addLast("guard", new RequestGuard())
                .addLast("frontend", new FrontendHandler(proxy, true));
    }
}
