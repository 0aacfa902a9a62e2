package paas.builder.git;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import paas.nettyio.ChannelInput;

import java.util.concurrent.Executor;

/**
 * Takes git's requests ({@code /APP.git/...}) out of an HTTP pipeline and streams them to a
 * {@link GitService} on a worker thread; every other request passes through untouched. Sits
 * after the HTTP codec and before any aggregator, so packs are never held whole in memory.
 */
public final class GitHttpHandler extends ChannelInboundHandlerAdapter {
    /** Set while a git exchange runs, so idle-connection reapers leave a long build alone. */
    public static final AttributeKey<Boolean> BUSY = AttributeKey.valueOf("paas.git.busy");
    /** A pushed pack waits for JGit in at most about this many bytes, so a fast client cannot make paasd buffer it all. */
    static final int PACK_HIGH_WATER = 1024 * 1024;
    private static final int PACK_LOW_WATER = 256 * 1024;

    private final GitService service;
    private final Executor workers;
    private ChannelInput body;
    private boolean passingThrough;

    public GitHttpHandler(GitService service, Executor workers) {
        this.service = service;
        this.workers = workers;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            passingThrough = !GitRequest.isGitPath(request.uri());
            if (passingThrough) {
                ctx.fireChannelRead(msg);
                return;
            }
            ChannelInput next = new ChannelInput(ctx.channel(), PACK_HIGH_WATER, PACK_LOW_WATER);
            body = next;
            ctx.channel().attr(BUSY).set(true);
            String method = request.method().name();
            String uri = request.uri();
            var headers = request.headers().copy();
            workers.execute(() -> {
                try {
                    service.serve(ctx.channel(), method, uri, headers, next);
                } finally {
                    ctx.channel().attr(BUSY).set(false);
                }
            });
            if (msg instanceof HttpContent content) {
                feed(content);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (msg instanceof HttpContent content && !passingThrough) {
            feed(content);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void feed(HttpContent content) {
        if (body == null) {
            content.release();
            return;
        }
        body.offer(content.content().retain());
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (last) {
            body.end();
            body = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (body != null) {
            body.end();
            body = null;
        }
        ctx.fireChannelInactive();
    }
}
