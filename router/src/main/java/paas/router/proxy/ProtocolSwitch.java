package paas.router.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/**
 * Waits for a TLS connection's handshake, then sets the pipeline up for the protocol ALPN chose:
 * {@code h2} gets Netty's HTTP/2 codec with one child channel per stream (each the proxy pipeline,
 * see {@link Http2StreamInitializer}); anything else (http/1.1, or no ALPN) gets the plain port's
 * pipeline. Auto-read is off on client connections, so this handler asks for the first read; TLS
 * keeps reading until the handshake is over. A failed or timed-out handshake closes the connection.
 */
final class ProtocolSwitch extends ChannelInboundHandlerAdapter {
    /** Each stream may have this much request body unread by the router before the client must wait. */
    static final int STREAM_WINDOW = 256 * 1024;
    /** All streams of a connection together: several stalled streams do not stall the others. */
    static final int CONNECTION_WINDOW = 4 * 1024 * 1024;
    static final int MAX_CONCURRENT_STREAMS = 128;
    /** RFC 9113's default, stated so that it is on the record as the SETTINGS frame says it. */
    private static final int DEFAULT_WINDOW = 65_535;

    private final Proxy proxy;
    private final HttpDecoderConfig requestDecoding;

    ProtocolSwitch(Proxy proxy, HttpDecoderConfig requestDecoding) {
        this.proxy = proxy;
        this.requestDecoding = requestDecoding;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (!done.isSuccess()) {
            ctx.close();
            return;
        }
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        String protocol = tls == null ? null : tls.applicationProtocol();
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            startHttp2(ctx);
        } else {
            startHttp1(ctx);
        }
    }

    private void startHttp1(ChannelHandlerContext ctx) {
        ProxyInitializer.addHttp1(ctx.pipeline(), proxy, requestDecoding, true);
        // The connection was active before the proxy handlers came: tell them now (the frontend starts reading).
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    private void startHttp2(ChannelHandlerContext ctx) {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(MAX_CONCURRENT_STREAMS)
                        .initialWindowSize(STREAM_WINDOW)
                        .maxHeaderListSize(proxy.config().maxHeaderBytes()))
                .validateHeaders(true)
                .build();
        ctx.pipeline()
                .addLast("h2", codec)
                .addLast("h2-idle", new Http2ConnectionIdle(codec, proxy.config().keepAliveTimeout()))
                .addLast("h2-streams", new Http2MultiplexHandler(new Http2StreamInitializer(proxy)))
                .addLast("h2-errors", new Http2ConnectionErrors());
        ctx.pipeline().remove(this);
        ctx.channel().writeAndFlush(new DefaultHttp2WindowUpdateFrame(CONNECTION_WINDOW - DEFAULT_WINDOW));
        // HTTP/2 flow control holds each stream back; the connection itself always reads, or no
        // WINDOW_UPDATE, PING or RST_STREAM would be seen while a stream waits.
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Nothing is decrypted before the handshake completes, and this handler leaves then.
        ReferenceCountUtil.release(msg);
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException) && !(cause.getCause() instanceof IOException)) {
            FrontendHandler.LOG.debug("TLS connection failed before its handshake completed", cause);
        }
        ctx.close();
    }
}
