package paas.router.proxy;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The client side of one connection: takes requests one at a time, hands each to an
 * {@link Exchange} (which picks a dyno and connects on this same event loop), and between
 * requests keeps the connection alive up to the keep-alive timeout.
 *
 * <p>Auto-read is off and {@link OneMessagePerRead} sits upstream, so each {@code read()}
 * yields one message: nothing is read that cannot be handled, and a pipelined request waits in
 * {@link #pending} until the one before it is answered.
 *
 * <p>Between requests one timer watches the connection: without a byte of a next request it is
 * closed silently after the keep-alive timeout; once a request head has begun (the decoder
 * announces a head still incomplete at the end of a read, see
 * {@link StrictRequestDecoder.PartialHead}) the client has the header-read timeout, counted from
 * then (or from the end of the previous exchange, for a pipelined head), to finish it. A client
 * that does not gets {@code 408 Request Timeout} with the router's page, and the connection is
 * closed. No router log line: without a complete head there is no app to log it to.
 *
 * <p>On the TLS port the channel is either a TLS connection speaking HTTP/1.1 (the same as above)
 * or one HTTP/2 stream: a child channel that carries exactly one request, so keep-alive and
 * pipelining never come up, reads pace the stream's flow-control window, and closing it resets
 * only that stream ({@link ClientClose}).
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {
    static final Logger LOG = LoggerFactory.getLogger("paas.router");

    private final Proxy proxy;
    private final boolean overTls;
    private ChannelHandlerContext ctx;
    private String clientIp = "0.0.0.0";
    private int localPort;
    private Exchange exchange;
    private Object pending;
    private boolean draining;
    private boolean closing;
    private long idleSince;
    private ScheduledFuture<?> keepAliveCheck;
    private long keepAliveCheckAt;
    /** Request heads handed on by the guard (valid or refused), counting from 1 like the decoder's. */
    private int headsReceived;
    /** The last head the decoder announced as begun but incomplete, and when (ticker time) it did. */
    private int partialHead;
    private long partialSince;
    /** The pending check of the current exchange's timeouts, and when (ticker time) it runs. */
    private ScheduledFuture<?> exchangeCheck;
    private long exchangeCheckAt;
    private final Runnable checkExchange = this::checkExchange;
    private Ticker ticker = Ticker.systemTicker();

    FrontendHandler(Proxy proxy) {
        this(proxy, false);
    }

    /**
     * {@code overTls}: the connection came to the TLS port. The channel is then either a TLS
     * connection speaking HTTP/1.1 or one HTTP/2 stream (a child channel that carries exactly one
     * request; its end closes it).
     */
    FrontendHandler(Proxy proxy, boolean overTls) {
        this.proxy = proxy;
        this.overTls = overTls;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.ticker = tickerOf(ctx.executor());
    }

    /** The event loop's own clock, the one its scheduled tasks run by (and tests can move). */
    static Ticker tickerOf(EventExecutor executor) {
        return executor instanceof AbstractScheduledEventExecutor scheduled ? scheduled.ticker() : Ticker.systemTicker();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            clientIp = remote.getAddress().getHostAddress();
        }
        if (ctx.channel().localAddress() instanceof InetSocketAddress local) {
            localPort = local.getPort();
        }
        idleSince = ticker.nanoTime();
        scheduleKeepAliveCheck(proxy.config().keepAliveTimeout().toNanos());
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (msg instanceof ValidRequest || msg instanceof RefusedRequest) {
            headsReceived++;
            if (exchange != null || draining || pending != null) {
                pending = msg;
            } else {
                begin(msg);
            }
        } else if (msg instanceof HttpContent content && exchange != null) {
            exchange.onRequestContent(content);
        } else if (msg instanceof HttpContent content && draining) {
            boolean last = content instanceof LastHttpContent;
            content.release();
            if (last) {
                draining = false;
                next();
            } else {
                ctx.read();
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void begin(Object msg) {
        if (msg instanceof RefusedRequest refused) {
            closing = true;
            ctx.writeAndFlush(ErrorPages.refused(refused.status())).addListener(ClientClose.AFTER_WRITE);
            return;
        }
        exchange = new Exchange(proxy, this, ctx.channel(), (ValidRequest) msg, clientIp, localPort, overTls);
        exchange.start();
    }

    /** Keeps one read pending while a response is under way, to notice the client leaving. */
    void watchClient() {
        ctx.read();
    }

    /**
     * The exchange answered (or gave up). {@code close}: close once {@code lastWrite} is out.
     * {@code drain}: the end of the request is still unread; consume it, then go on.
     */
    void exchangeDone(ChannelFuture lastWrite, boolean close, boolean drain) {
        exchange = null;
        if (close) {
            closing = true;
            pending = null;
            if (lastWrite == null || lastWrite.isDone()) {
                ClientClose.close(ctx.channel());
            } else {
                lastWrite.addListener(ClientClose.AFTER_WRITE);
            }
        } else if (drain) {
            draining = true;
            ctx.read();
        } else if (lastWrite == null || lastWrite.isSuccess()) {
            next();
        } else {
            // Waiting for the response to be written keeps a client that does not read from
            // piling up answers to pipelined requests.
            lastWrite.addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    next();
                } else {
                    ctx.close();
                }
            });
        }
    }

    /** The exchange turned the connection into a websocket tunnel; this handler is about to be removed. */
    void upgraded() {
        exchange = null;
        closing = true;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof StrictRequestDecoder.PartialHead head) {
            partialHead = head.head();
            partialSince = ticker.nanoTime();
            if (idle()) {
                watchIdle();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void next() {
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        idleSince = ticker.nanoTime();
        if (headInProgress()) {
            watchIdle();
        }
        if (pending != null) {
            Object msg = pending;
            pending = null;
            begin(msg);
        } else {
            ctx.read();
        }
    }

    /**
     * Makes sure the current exchange's timeouts are checked within {@code delayNanos}. One timer
     * serves every exchange of the connection: a check already pending early enough is kept (it
     * finds the exchange of its time, and reschedules for that one's next deadline), so a request
     * does not cost a schedule and a cancel.
     */
    void watchExchange(long delayNanos) {
        long at = ticker.nanoTime() + delayNanos;
        if (exchangeCheck != null) {
            if (exchangeCheckAt - at <= 0) {
                return;
            }
            exchangeCheck.cancel(false);
        }
        exchangeCheckAt = at;
        exchangeCheck = ctx.executor().schedule(checkExchange, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkExchange() {
        exchangeCheck = null;
        Exchange current = exchange;
        if (current != null) {
            long next = current.checkTimeouts();
            if (next > 0 && exchange == current) {
                watchExchange(next);
            }
        }
    }

    private boolean idle() {
        return exchange == null && !draining;
    }

    /** A request head has begun and has not reached this handler yet. */
    private boolean headInProgress() {
        return partialHead > headsReceived;
    }

    /** When (ticker time) the idle connection is closed: keep-alive, or header-read while a head is in progress. */
    private long idleDeadline() {
        if (headInProgress()) {
            long from = partialSince - idleSince > 0 ? partialSince : idleSince;
            return from + proxy.config().headerReadTimeout().toNanos();
        }
        return idleSince + proxy.config().keepAliveTimeout().toNanos();
    }

    /** Makes sure the idle check runs by the idle deadline (a head in progress may bring it closer). */
    private void watchIdle() {
        long at = idleDeadline();
        if (keepAliveCheck != null && keepAliveCheckAt - at <= 0) {
            return;
        }
        if (keepAliveCheck != null) {
            keepAliveCheck.cancel(false);
        }
        scheduleKeepAliveCheck(at - ticker.nanoTime());
    }

    private void scheduleKeepAliveCheck(long delayNanos) {
        long delay = Math.max(delayNanos, 1_000_000);
        keepAliveCheckAt = ticker.nanoTime() + delay;
        keepAliveCheck = ctx.executor().schedule(this::checkKeepAlive, delay, TimeUnit.NANOSECONDS);
    }

    private void checkKeepAlive() {
        keepAliveCheck = null;
        if (closing || !ctx.channel().isActive()) {
            return;
        }
        if (!idle()) {
            // next() rearms the header-read deadline if a head is in progress by then.
            scheduleKeepAliveCheck(proxy.config().keepAliveTimeout().toNanos());
            return;
        }
        long left = idleDeadline() - ticker.nanoTime();
        if (left > 0) {
            scheduleKeepAliveCheck(left);
        } else if (headInProgress()) {
            closing = true;
            pending = null;
            ctx.writeAndFlush(ErrorPages.refused(HttpResponseStatus.REQUEST_TIMEOUT)).addListener(ChannelFutureListener.CLOSE);
        } else {
            closing = true;
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelKeepAliveCheck();
        closing = true;
        pending = null;
        if (exchange != null) {
            exchange.onClientClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelKeepAliveCheck();
    }

    private void cancelKeepAliveCheck() {
        if (keepAliveCheck != null) {
            keepAliveCheck.cancel(false);
            keepAliveCheck = null;
        }
        if (exchangeCheck != null) {
            exchangeCheck.cancel(false);
            exchangeCheck = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // The client reset or broke the connection; channelInactive reports it (H27).
            ctx.close();
            return;
        }
        LOG.warn("router error on a connection from {}", clientIp, cause);
        if (exchange != null && !exchange.isDone()) {
            exchange.onPlatformError();
        } else {
            ctx.close();
        }
    }
}
