package paas.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Ticker;
import paas.router.Backend;
import paas.router.Route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, from the head arriving to the log line. Lives on the client's
 * event loop, which is also the dyno connection's, so nothing here needs a lock.
 *
 * <p>The request head goes to the dyno together with the first body message (or the end of a
 * bodiless request): a body whose very first chunk is malformed is refused before the dyno sees
 * anything. Bodies stream both ways with one read in flight per side: the next read is asked for
 * only when the last write completed.
 */
final class Exchange {
    private static final long BOOT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Proxy proxy;
    private final FrontendHandler frontend;
    private final Channel client;
    private final ValidRequest request;
    private final HeaderRewriter.Origin origin;
    private final String method;
    private final String path;
    private final String fwd;
    private final boolean clientKeepAlive;
    private final HttpVersion clientVersion;
    private final long startNanos;
    private final Ticker ticker;

    private Route route;
    private Balancer.Load load;
    private final List<Backend> tried = new ArrayList<>(2);
    private boolean lastConnectTimedOut;
    private BackendHandler backend;
    private boolean reused;
    private boolean retriedStale;
    private long connectNanos = -1;
    private long attachedAt = Long.MIN_VALUE;

    private boolean continueSent;
    private boolean headSent;
    private boolean requestComplete;
    private boolean awaitingClient;
    private boolean responseStarted;
    private boolean upgrading;
    private boolean done;
    private boolean backendReusable;
    private boolean closeClient;
    private long requestSentAt;
    private long lastActivity;
    private int status;
    private long bytes;
    private ChannelFuture lastClientWrite;

    Exchange(Proxy proxy, FrontendHandler frontend, Channel client, ValidRequest request, String clientIp, int localPort) {
        this.proxy = proxy;
        this.frontend = frontend;
        this.client = client;
        this.request = request;
        HttpRequest head = request.head();
        this.method = head.method().name();
        this.path = head.uri();
        this.clientKeepAlive = HttpUtil.isKeepAlive(head);
        this.clientVersion = head.protocolVersion();
        this.ticker = FrontendHandler.tickerOf(client.eventLoop());
        this.startNanos = ticker.nanoTime();
        String requestId = RequestIds.keepOrCreate(head.headers().get(HeaderRewriter.X_REQUEST_ID));
        this.fwd = forwardedFor(head, clientIp);
        this.origin = new HeaderRewriter.Origin(fwd, localPort, requestId, proxy.clock().millis());
    }

    /** The client's {@code X-Forwarded-For} (all of them, joined) with the client's own address appended. */
    private static String forwardedFor(HttpRequest head, String clientIp) {
        if (!head.headers().contains(HeaderRewriter.X_FORWARDED_FOR)) {
            return clientIp;
        }
        String earlier = String.join(", ", head.headers().getAll(HeaderRewriter.X_FORWARDED_FOR)).trim();
        return earlier.isEmpty() ? clientIp : earlier + ", " + clientIp;
    }

    /**
     * Routes the request and starts connecting; answers at once when there is nowhere to send it,
     * except to an app whose web dynos are starting: then the request waits for the first one.
     */
    void start() {
        route = proxy.routes().lookup(request.host());
        if (route == null) {
            respondWithoutLog(ErrorPages.noSuchApp(!canKeepClientWithoutBody()), 404);
        } else if (route.maintenance()) {
            fail(RouterError.H80);
        } else if (!route.backends().isEmpty()) {
            connectNext();
        } else if (route.unavailable() == Route.Unavailable.BOOTING) {
            awaitBoot();
        } else {
            fail(route.unavailable() == Route.Unavailable.CRASHED ? RouterError.H10 : RouterError.H14);
        }
    }

    /**
     * Looks at the route again shortly, until a web dyno is up (then the request goes on as if it
     * had just arrived) or the boot timeout since the request's arrival is over (H20). Polling the
     * table, one volatile read per look, keeps waiting requests off the route feed's path. The
     * request body stays unread meanwhile, so nothing piles up.
     */
    private void awaitBoot() {
        long left = startNanos + proxy.config().bootTimeout().toNanos() - ticker.nanoTime();
        if (left <= 0) {
            fail(RouterError.H20);
            return;
        }
        client.eventLoop().schedule(() -> {
            if (!done) {
                guarded(this::start);
            }
        }, Math.min(left, BOOT_POLL_NANOS), TimeUnit.NANOSECONDS);
    }

    private void connectNext() {
        if (load != null) {
            load.done();
            load = null;
        }
        Balancer.Load next = tried.size() < proxy.config().connectAttempts()
                ? proxy.balancer().pick(route.backends(), tried) : null;
        if (next == null) {
            fail(lastConnectTimedOut ? RouterError.H19 : RouterError.H21);
            return;
        }
        load = next;
        tried.add(next.backend);
        connect(next.backend, true);
    }

    /** Lends an idle connection to {@code target} (when allowed) or opens one; a failure moves on to the next dyno. */
    private void connect(Backend target, boolean pooledIsFine) {
        BackendPool pool = proxy.pool(client.eventLoop());
        BackendHandler pooled = pooledIsFine ? pool.poll(target) : null;
        if (pooled != null) {
            attach(pooled, true, 0);
            return;
        }
        long t0 = ticker.nanoTime();
        pool.connect(target).addListener((ChannelFutureListener) f -> guarded(() -> {
            long took = ticker.nanoTime() - t0;
            if (done) {
                f.channel().close();
            } else if (f.isSuccess()) {
                attach(f.channel().pipeline().get(BackendHandler.class), false, took);
            } else {
                lastConnectTimedOut = f.cause() instanceof ConnectTimeoutException;
                connectNanos = took;
                proxy.balancer().quarantine(target);
                connectNext();
            }
        }));
    }

    private void attach(BackendHandler handler, boolean fromPool, long tookNanos) {
        backend = handler;
        reused = fromPool;
        connectNanos = tookNanos;
        handler.attach(this);
        attachedAt = ticker.nanoTime();
        lastActivity = attachedAt;
        // No deadline of this exchange comes sooner than this; the frontend's one timer, shared by
        // every exchange of the connection, checks by then (see checkTimeouts).
        frontend.watchExchange(Math.min(proxy.config().firstByteTimeout().toNanos(), proxy.config().idleTimeout().toNanos()));
        // Read the dyno from the start, so an early answer (413 before the body) or a close is seen.
        handler.channel().read();
        if (headSent) {
            // A stale pooled connection died before answering: replay the bodiless request once.
            handler.channel().write(request.head(), handler.channel().voidPromise());
            handler.channel().writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, handler.channel().voidPromise());
            requestSentAt = ticker.nanoTime();
            return;
        }
        if (request.expectContinue() && !continueSent) {
            continueSent = true;
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        awaitingClient = true;
        client.read();
    }

    /** A piece of the request body from the client (the end of a bodiless request included). */
    void onRequestContent(HttpContent content) {
        awaitingClient = false;
        lastActivity = ticker.nanoTime();
        if (content.decoderResult().isFailure()) {
            content.release();
            refuseBrokenBody();
            return;
        }
        Channel dyno = backend.channel();
        if (!headSent) {
            headSent = true;
            dyno.write(HeaderRewriter.forDyno(request, origin), dyno.voidPromise());
        }
        if (content instanceof LastHttpContent) {
            requestComplete = true;
            requestSentAt = ticker.nanoTime();
            dyno.writeAndFlush(content, dyno.voidPromise());
            // Keep one read pending on the client: it shows a client that leaves (H27) and holds
            // at most one pipelined request until this exchange is over.
            frontend.watchClient();
        } else {
            dyno.writeAndFlush(content).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess() && !done) {
                    awaitingClient = true;
                    client.read();
                }
            });
        }
    }

    void onResponseHead(HttpResponse res) {
        int code = res.status().code();
        if (!headSent || (code == 101 && !request.webSocket())) {
            // An answer to nothing we asked, or a switch of protocols nobody asked for.
            fail(RouterError.H17);
            return;
        }
        responseStarted = true;
        lastActivity = ticker.nanoTime();
        status = code;
        upgrading = status == 101;
        HeaderRewriter.Delimit delimit = HeaderRewriter.delimitOf(res, request.head().method());
        backendReusable = HttpUtil.isKeepAlive(res) && delimit != HeaderRewriter.Delimit.CLOSE && !upgrading;
        closeClient = HeaderRewriter.forClient(res, delimit, clientVersion, clientKeepAlive && requestComplete, upgrading);
        lastClientWrite = client.write(res);
    }

    void onResponseContent(HttpContent content) {
        lastActivity = ticker.nanoTime();
        bytes += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        lastClientWrite = client.write(content);
        if (!last) {
            return;
        }
        client.flush();
        Channel dyno = backend.channel();
        finish(null);
        if (upgrading) {
            TunnelHandler.join(client, dyno, proxy.config().idleTimeout().toNanos());
        }
    }

    /** The dyno's read batch ended: push what it gave to the client, then read on once that is written. */
    void onBackendReadComplete() {
        if (done) {
            return;
        }
        client.flush();
        Channel dyno = backend.channel();
        ChannelFuture written = lastClientWrite;
        if (written == null || written.isDone()) {
            if (written == null || written.isSuccess()) {
                dyno.read();
            }
        } else {
            written.addListener((ChannelFutureListener) f -> {
                if (f.isSuccess() && !done) {
                    dyno.read();
                }
            });
        }
    }

    void onBackendClosed() {
        if (done) {
            return;
        }
        if (!responseStarted && reused && !retriedStale && requestComplete && request.replayable()) {
            // A pooled connection the dyno closed just as it was lent: nothing was processed, so
            // replay once on a fresh connection (see attach).
            retriedStale = true;
            backend.detach();
            backend = null;
            connect(load.backend, false);
            return;
        }
        fail(responseStarted ? RouterError.H18 : RouterError.H13);
    }

    /** The client connection closed before the response was complete. */
    void onClientClosed() {
        fail(RouterError.H27);
    }

    /** Something in the router itself went wrong. */
    void onPlatformError() {
        fail(RouterError.H99);
    }

    /**
     * Fails the exchange whose deadline passed. Returns the nanoseconds until its next deadline,
     * or -1 when there is nothing left to watch.
     */
    long checkTimeouts() {
        if (done) {
            return -1;
        }
        long now = ticker.nanoTime();
        long deadline;
        RouterError error;
        if (!responseStarted && requestComplete) {
            deadline = requestSentAt + proxy.config().firstByteTimeout().toNanos();
            error = RouterError.H12;
        } else {
            deadline = lastActivity + proxy.config().idleTimeout().toNanos();
            error = !responseStarted && awaitingClient ? RouterError.H28 : RouterError.H15;
        }
        if (now - deadline >= 0) {
            guarded(() -> fail(error));
            return -1;
        }
        return deadline - now;
    }

    /** A chunk the decoder could not make sense of: 400 if nothing was answered yet, and close. */
    private void refuseBrokenBody() {
        if (!headSent) {
            // The dyno saw nothing: its connection is as good as new.
            proxy.pool(client.eventLoop()).release(backend);
            backend = null;
        }
        status = 400;
        if (!responseStarted) {
            lastClientWrite = client.writeAndFlush(ErrorPages.refused(HttpResponseStatus.BAD_REQUEST));
        }
        closeClient = true;
        finish(null);
    }

    /** Ends the exchange with a router error: an error page if the client got nothing yet, else a cut connection. */
    void fail(RouterError error) {
        if (done) {
            return;
        }
        if (backend != null) {
            backend.detach();
            backend.channel().close();
            backend = null;
        }
        status = error.status();
        boolean clientGone = error == RouterError.H27 || error == RouterError.H28;
        if (!responseStarted && !clientGone) {
            boolean keep = canKeepClientWithoutBody() || (requestComplete && clientKeepAlive);
            closeClient = !keep;
            lastClientWrite = client.writeAndFlush(ErrorPages.forError(error, closeClient));
        } else {
            closeClient = true;
        }
        finish(error);
    }

    /** Nothing but the (empty) end of the request is left unread, so the connection can serve the next one. */
    private boolean canKeepClientWithoutBody() {
        return clientKeepAlive && !headSent && !request.hasBody();
    }

    private void respondWithoutLog(FullHttpResponse page, int code) {
        status = code;
        closeClient = page.headers().contains(HttpHeaderNames.CONNECTION);
        lastClientWrite = client.writeAndFlush(page);
        done = true;
        frontend.exchangeDone(lastClientWrite, closeClient, !closeClient);
    }

    private void finish(RouterError error) {
        done = true;
        if (load != null) {
            load.done();
        }
        if (backend != null && !upgrading) {
            if (backendReusable && requestComplete) {
                proxy.pool(client.eventLoop()).release(backend);
            } else {
                backend.detach();
                backend.channel().close();
            }
        }
        if (route != null) {
            log(error);
        }
        if (upgrading) {
            frontend.upgraded();
            return;
        }
        if (!requestComplete && !canKeepClientWithoutBody()) {
            closeClient = true;
        }
        boolean drain = !closeClient && !requestComplete;
        frontend.exchangeDone(lastClientWrite, closeClient, drain);
    }

    private void log(RouterError error) {
        long now = ticker.nanoTime();
        String dyno = load == null ? "" : load.backend.dyno();
        AccessLog.Fields fields = new AccessLog.Fields(error, method, path, request.host(), origin.requestId(), fwd, dyno,
                connectNanos < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(connectNanos),
                attachedAt == Long.MIN_VALUE ? -1 : TimeUnit.NANOSECONDS.toMillis(now - attachedAt), status, bytes, "http");
        long atMillis = origin.startMillis() + TimeUnit.NANOSECONDS.toMillis(now - startNanos);
        if (proxy.log() instanceof LogHandoff handoff) {
            // Formatted on the log thread, not here on the event loop.
            handoff.accept(route.app(), atMillis, fields);
        } else {
            proxy.log().accept(AccessLog.line(route.app(), Instant.ofEpochMilli(atMillis), fields));
        }
    }

    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            FrontendHandler.LOG.warn("router error on {} {}", method, request.host(), e);
            fail(RouterError.H99);
        }
    }

    boolean isDone() {
        return done;
    }
}
