package paas.router.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The keep-alive timeout of an HTTP/2 connection: closed (with GOAWAY) once no frame moved for
 * that long while no stream was open. Open streams have their own timeouts, from their exchanges.
 */
final class Http2ConnectionIdle extends IdleStateHandler {
    private final Http2FrameCodec codec;

    Http2ConnectionIdle(Http2FrameCodec codec, Duration keepAliveTimeout) {
        super(0, 0, keepAliveTimeout.toNanos(), TimeUnit.NANOSECONDS);
        this.codec = codec;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (codec.connection().numActiveStreams() == 0) {
            ctx.close();
        }
    }
}
