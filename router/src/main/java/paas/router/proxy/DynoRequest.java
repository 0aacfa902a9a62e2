package paas.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Ticker;

/**
 * What one {@link Exchange} sends the dyno. The request head, rewritten for the dyno, goes
 * together with the first body message (or the end of a bodiless request): a body whose very
 * first chunk is malformed is refused before the dyno sees anything. The body follows with one
 * client read in flight: the next is asked for only when the last write to the dyno completed.
 * {@code Expect: 100-continue} is answered by the router, once a dyno connection is ready.
 *
 * <p>Keeps what the exchange's timeouts and endings depend on: whether the dyno saw the head,
 * whether the whole request was read, whether the client is the one expected to send next.
 */
final class DynoRequest {
    private final Exchange exchange;
    private final FrontendHandler frontend;
    private final Channel client;
    private final ValidRequest request;
    private final HeaderRewriter.Origin origin;
    private final Ticker ticker;

    private boolean continueSent;
    private boolean headSent;
    private boolean complete;
    private boolean awaitingClient;
    private long sentAt;
    /** Request content read while no dyno connection was attached (see {@link #hold}). */
    private HttpContent held;

    DynoRequest(Exchange exchange, FrontendHandler frontend, Channel client, ValidRequest request,
                HeaderRewriter.Origin origin, Ticker ticker) {
        this.exchange = exchange;
        this.frontend = frontend;
        this.client = client;
        this.request = request;
        this.origin = origin;
        this.ticker = ticker;
    }

    /**
     * A connection to the dyno is ready: asks the client for the request's body (or its end).
     * If the head went out already, the connection replaces a stale pooled one that died before
     * answering, and the bodiless request is replayed on it at once.
     */
    void begin(Channel dyno) {
        if (headSent) {
            dyno.write(request.head(), dyno.voidPromise());
            dyno.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, dyno.voidPromise());
            sentAt = ticker.nanoTime();
            return;
        }
        if (request.expectContinue() && !continueSent) {
            continueSent = true;
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        awaitingClient = true;
        client.read();
    }

    /**
     * Relays a piece of the request body from the client (the end of a bodiless request included)
     * to {@code backend}. Returns false, having released it and sent nothing, when the decoder
     * could not make sense of it.
     */
    boolean relay(HttpContent content, BackendHandler backend) {
        awaitingClient = false;
        if (content.decoderResult().isFailure()) {
            content.release();
            return false;
        }
        Channel dyno = backend.channel();
        if (!headSent) {
            headSent = true;
            dyno.write(HeaderRewriter.forDyno(request, origin), dyno.voidPromise());
        }
        if (content instanceof LastHttpContent) {
            complete = true;
            sentAt = ticker.nanoTime();
            dyno.writeAndFlush(content, dyno.voidPromise());
            // Keep one read pending on the client: it shows a client that leaves (H27) and holds
            // at most one pipelined request until this exchange is over.
            frontend.watchClient();
        } else {
            dyno.writeAndFlush(content).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess() && !exchange.isDone()) {
                    awaitingClient = true;
                    client.read();
                }
            });
        }
        return true;
    }

    /**
     * Keeps {@code content}, read for a dyno connection that closed before the head went out,
     * until the next connection is attached. At most one piece: one client read is in flight.
     */
    void hold(HttpContent content) {
        discardHeld();
        awaitingClient = false;
        held = content;
    }

    /** The held content, now the caller's to relay; null when none. */
    HttpContent takeHeld() {
        HttpContent h = held;
        held = null;
        return h;
    }

    /** Releases held content of an exchange that ended without another dyno connection. */
    void discardHeld() {
        if (held != null) {
            held.release();
            held = null;
        }
    }

    /** The dyno got the request head. */
    boolean headSent() {
        return headSent;
    }

    /** The whole request, up to the end of its body, was read from the client and sent to the dyno. */
    boolean complete() {
        return complete;
    }

    /** A read of the request body is pending: the next move is the client's. */
    boolean awaitingClient() {
        return awaitingClient;
    }

    /** When (ticker time) the end of the request went to the dyno; the first-byte timeout counts from it. */
    long sentAt() {
        return sentAt;
    }
}
