package paas.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * Ends what a client sends on: a TCP connection closes; an HTTP/2 stream is reset. A stream whose
 * response is complete (END_STREAM sent) while its request is still coming is reset with
 * {@code NO_ERROR}, which tells the client to keep the response and stop sending (RFC 9113 8.1);
 * closing it would reset it with {@code CANCEL}, and clients then drop the response.
 */
final class ClientClose {
    private ClientClose() {
    }

    static void close(Channel client) {
        if (client instanceof Http2StreamChannel stream && stream.isActive()
                && stream.stream().state() == Http2Stream.State.HALF_CLOSED_LOCAL) {
            stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR)).addListener(ChannelFutureListener.CLOSE);
        } else {
            client.close();
        }
    }

    /** Closes {@code client} once {@code f} completed, as {@link ChannelFutureListener#CLOSE} would. */
    static final ChannelFutureListener AFTER_WRITE = f -> close(f.channel());
}
