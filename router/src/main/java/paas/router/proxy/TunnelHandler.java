package paas.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;

import java.util.concurrent.TimeUnit;

/**
 * Relays raw bytes one way after a websocket upgrade, reading the next batch only when the last
 * one was written; closes both sides when either closes or nothing moved for the idle timeout.
 */
final class TunnelHandler extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    TunnelHandler(Channel peer) {
        this.peer = peer;
    }

    /**
     * Turns the client connection and the dyno connection, which just exchanged a websocket
     * handshake, into a byte tunnel. Called on their shared event loop, from the dyno side's read
     * of the 101. The order matters: encoders go first, so bytes that the decoders still hold and
     * release on removal travel as raw bytes.
     */
    static void join(Channel client, Channel backend, long idleNanos) {
        ChannelPipeline c = client.pipeline();
        ChannelPipeline b = backend.pipeline();
        try {
            c.addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
            c.addLast("tunnel", new TunnelHandler(backend));
            b.addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
            b.addLast("tunnel", new TunnelHandler(client));
            c.remove(HttpResponseEncoder.class);
            b.remove(BackendHandler.class);
            b.remove(HttpClientCodec.class);
            c.remove(FrontendHandler.class);
            c.remove(RequestGuard.class);
            c.remove(OneMessagePerRead.class);
            c.remove(StrictRequestDecoder.class);
        } catch (RuntimeException e) {
            client.close();
            backend.close();
            throw e;
        }
        client.read();
        backend.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            // The end-of-message marker of the 101 response, left behind by the removed codec.
            ReferenceCountUtil.release(msg);
            return;
        }
        peer.writeAndFlush(buf).addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                ctx.channel().read();
            } else {
                ctx.close();
            }
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
            peer.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
