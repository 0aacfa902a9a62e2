package paas.router.proxy;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * With auto-read off, turns each {@code read()} from downstream into exactly one message: the
 * decoder may produce several from one socket read (a head, body pieces, a pipelined request),
 * and the ones not asked for wait here. A read asked for stays asked for until a message comes,
 * across read batches that produced none.
 *
 * <p>Netty's own {@code FlowControlHandler} (4.2) counts a read as satisfied by the end of the
 * current read batch, so a read asked for while handling a message of that batch is lost; a
 * proxy asks exactly then (after writing one message on, for the next one).
 */
final class OneMessagePerRead extends ChannelDuplexHandler {
    private final ArrayDeque<Object> queue = new ArrayDeque<>(2);
    private boolean wanted;

    @Override
    public void read(ChannelHandlerContext ctx) {
        Object next = queue.poll();
        if (next != null) {
            ctx.fireChannelRead(next);
        } else {
            wanted = true;
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (wanted && queue.isEmpty()) {
            wanted = false;
            ctx.fireChannelRead(msg);
        } else {
            queue.add(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (wanted) {
            // The socket gave bytes but no whole message: keep reading until it does.
            ctx.read();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseQueued();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseQueued();
    }

    private void releaseQueued() {
        Object msg;
        while ((msg = queue.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }

    int queued() {
        return queue.size();
    }
}
