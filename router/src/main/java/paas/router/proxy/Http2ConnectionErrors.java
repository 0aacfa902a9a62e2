package paas.router.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.io.IOException;

/**
 * The end of an HTTP/2 connection's pipeline: an error that got this far (a reset socket, a TLS
 * failure) concerns the connection, not a stream, and nothing else handles it; the connection
 * closes, and only an unexpected error is logged (Netty would log every one at WARN otherwise).
 */
final class Http2ConnectionErrors extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException) && !(cause.getCause() instanceof IOException)) {
            FrontendHandler.LOG.warn("router error on an HTTP/2 connection from {}", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
