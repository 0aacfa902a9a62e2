package paas.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Ticker;
import paas.router.Route;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, from the head arriving to the log line. Lives on the client's
 * event loop, which is also the dyno connection's, so nothing here needs a lock.
 *
 * <p>The exchange routes the request, watches its timeouts and decides how it ends (the router
 * error codes, the log line). Three parts do the rest: the {@link DynoConnector} gets a connection
 * to a dyno, the {@link DynoRequest} sends the request over it, the {@link ClientResponse} sends
 * the client the dyno's answer or the router's. Bodies stream both ways with one read in flight
 * per side: the next read is asked for only when the last write completed.
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
    private final boolean clientKeepAlive;
    private final HttpVersion clientVersion;
    private final long startNanos;
    private final Ticker ticker;
    private final DynoConnector connector;
    private final DynoRequest dynoRequest;
    private final ClientResponse response;
    /** Came to the TLS port: no ACME answers, no https redirect, {@code X-Forwarded-Proto: https}. */
    private final boolean overTls;

    private Route route;
    private BackendHandler backend;
    private long attachedAt = Long.MIN_VALUE;

    private boolean done;
    private long lastActivity;

    Exchange(Proxy proxy, FrontendHandler frontend, Channel client, ValidRequest request, String clientIp, int localPort) {
        this(proxy, frontend, client, request, clientIp, localPort, false);
    }

    /** {@code overTls}: the request came to the TLS port (HTTP/1.1 or an HTTP/2 stream). */
    Exchange(Proxy proxy, FrontendHandler frontend, Channel client, ValidRequest request, String clientIp, int localPort,
             boolean overTls) {
        this.overTls = overTls;
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
        this.origin = HeaderRewriter.Origin.of(head, clientIp, localPort, proxy.clock().millis(), overTls);
        this.connector = new DynoConnector(proxy, this, client.eventLoop(), ticker);
        this.dynoRequest = new DynoRequest(this, frontend, client, request, origin, ticker);
        this.response = new ClientResponse(client);
    }

    /**
     * Routes the request and starts connecting; answers at once when there is nowhere to send it,
     * except to an app whose web dynos are starting: then the request waits for the first one.
     */
    void start() {
        FullHttpResponse challenge = overTls ? null
                : PlainHttpAnswers.challenge(request, proxy.challenges(), !canKeepClientWithoutBody());
        if (challenge != null) {
            respondWithoutLog(challenge, 200);
            return;
        }
        route = proxy.routes().lookup(request.host());
        FullHttpResponse redirect = overTls || route == null ? null
                : PlainHttpAnswers.httpsRedirect(request, route, proxy.httpsPort().get(), !canKeepClientWithoutBody());
        if (route == null) {
            respondWithoutLog(ErrorPages.noSuchApp(!canKeepClientWithoutBody()), 404);
        } else if (redirect != null) {
            respondWithoutLog(redirect, 308);
        } else if (route.maintenance()) {
            fail(RouterError.H80);
        } else if (!route.backends().isEmpty()) {
            connector.connect(route.backends());
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

    /** The connector got a connection to a dyno: start reading both sides. */
    void attach(BackendHandler handler) {
        backend = handler;
        handler.attach(this);
        attachedAt = ticker.nanoTime();
        lastActivity = attachedAt;
        // No deadline of this exchange comes sooner than this; the frontend's one timer, shared by
        // every exchange of the connection, checks by then (see checkTimeouts).
        frontend.watchExchange(Math.min(proxy.config().firstByteTimeout().toNanos(), proxy.config().idleTimeout().toNanos()));
        // Read the dyno from the start, so an early answer (413 before the body) or a close is seen.
        handler.channel().read();
        HttpContent held = dynoRequest.takeHeld();
        if (held != null) {
            onRequestContent(held);
        } else {
            dynoRequest.begin(handler.channel());
        }
    }

    /** A piece of the request body from the client (the end of a bodiless request included). */
    void onRequestContent(HttpContent content) {
        lastActivity = ticker.nanoTime();
        if (backend == null) {
            // Read for a dyno connection that closed before the head went out: kept for the next one.
            dynoRequest.hold(content);
            return;
        }
        if (!dynoRequest.relay(content, backend)) {
            refuseBrokenBody();
        }
    }

    void onResponseHead(HttpResponse res) {
        int code = res.status().code();
        if (!dynoRequest.headSent() || (code == 101 && !request.webSocket())) {
            // An answer to nothing we asked, or a switch of protocols nobody asked for.
            fail(RouterError.H17);
            return;
        }
        lastActivity = ticker.nanoTime();
        response.relayHead(res, request.head().method(), clientVersion, clientKeepAlive && dynoRequest.complete());
    }

    void onResponseContent(HttpContent content) {
        lastActivity = ticker.nanoTime();
        if (!response.relayContent(content)) {
            return;
        }
        Channel dyno = backend.channel();
        finish(null);
        if (response.upgrading()) {
            TunnelHandler.join(client, dyno, proxy.config().idleTimeout().toNanos());
        }
    }

    /** The dyno's read batch ended: push what it gave to the client, then read on once that is written. */
    void onBackendReadComplete() {
        if (done) {
            return;
        }
        ChannelFuture written = response.flush();
        Channel dyno = backend.channel();
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

    /**
     * The dyno connection closed or was reset. After response bytes that is H18. Before any, the
     * request goes out again (see {@link DynoConnector#closedUnanswered}) when that is safe: the
     * dyno never got its head, or it is idempotent and bodiless (RFC 9110 9.2.2), so a dyno that
     * did process it did no harm. Anything else (a POST that went out) is H13, never sent twice.
     */
    void onBackendClosed() {
        if (done) {
            return;
        }
        if (response.relaying()) {
            fail(RouterError.H18);
            return;
        }
        boolean mayResend = !dynoRequest.headSent() || request.replayable();
        backend.detach();
        backend = null;
        if (!connector.closedUnanswered(mayResend)) {
            fail(RouterError.H13);
        }
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
        if (!response.relaying() && dynoRequest.complete()) {
            deadline = dynoRequest.sentAt() + proxy.config().firstByteTimeout().toNanos();
            error = RouterError.H12;
        } else {
            deadline = lastActivity + proxy.config().idleTimeout().toNanos();
            error = !response.relaying() && dynoRequest.awaitingClient() ? RouterError.H28 : RouterError.H15;
        }
        if (now - deadline >= 0) {
            guarded(() -> fail(error));
            return -1;
        }
        return deadline - now;
    }

    /** A chunk the decoder could not make sense of: 400 if nothing was answered yet, and close. */
    private void refuseBrokenBody() {
        if (!dynoRequest.headSent()) {
            // The dyno saw nothing: its connection is as good as new.
            proxy.pool(client.eventLoop()).release(backend);
            backend = null;
        }
        if (!response.relaying()) {
            response.answer(ErrorPages.refused(HttpResponseStatus.BAD_REQUEST), 400, true);
        } else {
            response.cut(400);
        }
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
        boolean clientGone = error == RouterError.H27 || error == RouterError.H28;
        if (!response.relaying() && !clientGone) {
            boolean close = !(canKeepClientWithoutBody() || (dynoRequest.complete() && clientKeepAlive));
            response.answer(ErrorPages.forError(error, close), error.status(), close);
        } else {
            response.cut(error.status());
        }
        finish(error);
    }

    /** Nothing but the (empty) end of the request is left unread, so the connection can serve the next one. */
    private boolean canKeepClientWithoutBody() {
        return clientKeepAlive && !dynoRequest.headSent() && !request.hasBody();
    }

    private void respondWithoutLog(FullHttpResponse page, int code) {
        boolean close = page.headers().contains(HttpHeaderNames.CONNECTION);
        response.answer(page, code, close);
        done = true;
        frontend.exchangeDone(response.lastWrite(), close, !close);
    }

    private void finish(RouterError error) {
        done = true;
        dynoRequest.discardHeld();
        connector.release();
        if (backend != null && !response.upgrading()) {
            if (response.dynoReusable() && dynoRequest.complete()) {
                proxy.pool(client.eventLoop()).release(backend);
            } else {
                backend.detach();
                backend.channel().close();
            }
        }
        if (route != null) {
            log(error);
        }
        if (response.upgrading()) {
            frontend.upgraded();
            return;
        }
        if (!dynoRequest.complete() && !canKeepClientWithoutBody()) {
            response.closeClient();
        }
        boolean drain = !response.closesClient() && !dynoRequest.complete();
        frontend.exchangeDone(response.lastWrite(), response.closesClient(), drain);
    }

    private void log(RouterError error) {
        long now = ticker.nanoTime();
        AccessLog.Fields fields = new AccessLog.Fields(error, method, path, request.host(), origin.requestId(),
                origin.forwardedFor(), connector.dyno(), connector.connectMillis(),
                attachedAt == Long.MIN_VALUE ? -1 : TimeUnit.NANOSECONDS.toMillis(now - attachedAt),
                response.status(), response.bytes(), origin.proto());
        long atMillis = origin.startMillis() + TimeUnit.NANOSECONDS.toMillis(now - startNanos);
        if (proxy.log() instanceof LogHandoff handoff) {
            // Formatted on the log thread, not here on the event loop.
            handoff.accept(route.app(), atMillis, fields);
        } else {
            proxy.log().accept(AccessLog.line(route.app(), Instant.ofEpochMilli(atMillis), fields));
        }
    }

    /** Runs a step that came from outside the exchange's own calls (a timer, a listener); a failure is H99. */
    void guarded(Runnable step) {
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
