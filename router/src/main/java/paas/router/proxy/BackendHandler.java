package paas.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import paas.router.Backend;

/**
 * The dyno side of one keep-alive connection: relays what the dyno answers to the exchange it is
 * lent to, and tells the pool when it closes while idle. Interim 1xx responses are dropped (the
 * router answers {@code Expect} itself); a 101 goes through, for websockets.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {
    private final Backend backend;
    private final BackendPool pool;
    private Channel channel;
    private Exchange exchange;
    private boolean skippingInterim;
    private long idleSince;

    BackendHandler(Backend backend, BackendPool pool) {
        this.backend = backend;
        this.pool = pool;
    }

    Backend backend() {
        return backend;
    }

    Channel channel() {
        return channel;
    }

    long idleSince() {
        return idleSince;
    }

    void markIdle(long nanos) {
        idleSince = nanos;
    }

    void attach(Exchange ex) {
        exchange = ex;
        skippingInterim = false;
    }

    void detach() {
        exchange = null;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange ex = exchange;
        if (ex == null) {
            // Bytes on an idle connection answer nothing we asked: the connection can't be trusted.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            ex.fail(RouterError.H17);
            return;
        }
        if (msg instanceof HttpResponse res) {
            int code = res.status().code();
            if (code / 100 == 1 && code != 101) {
                skippingInterim = true;
                ReferenceCountUtil.release(msg);
                return;
            }
            ex.onResponseHead(res);
        }
        if (msg instanceof HttpContent content) {
            if (skippingInterim) {
                skippingInterim = !(content instanceof LastHttpContent);
                content.release();
                return;
            }
            if (exchange == ex) {
                ex.onResponseContent(content);
            } else {
                content.release();
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null) {
            ex.onBackendReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange ex = exchange;
        if (ex != null) {
            ex.onBackendClosed();
        } else {
            pool.remove(this);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes end up in channelInactive, where the exchange decides.
        ctx.close();
    }
}
