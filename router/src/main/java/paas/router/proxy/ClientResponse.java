package paas.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * What one {@link Exchange} sends its client: the dyno's response, its head rewritten for the
 * client, or a page of the router's own. Keeps what the log line and the fate of both connections
 * depend on: the status, the body bytes, whether the client connection must close, whether the
 * dyno connection may be pooled again, and the last write (the client connection goes on, or
 * closes, once that is out).
 *
 * <p>The dyno's response is not flushed per message but at the end of each dyno read batch (see
 * {@link #flush}) and at its own end; a router page goes out at once.
 */
final class ClientResponse {
    private final Channel client;

    private boolean relaying;
    private boolean upgrading;
    private boolean dynoReusable;
    private boolean closeClient;
    private int status;
    private long bytes;
    private ChannelFuture lastWrite;

    ClientResponse(Channel client) {
        this.client = client;
    }

    /**
     * Rewrites the dyno's response head for the client and writes it. {@code keepAlive}: the client
     * asked to keep its connection and the whole request was read, so it may stay open.
     */
    void relayHead(HttpResponse res, HttpMethod requestMethod, HttpVersion clientVersion, boolean keepAlive) {
        relaying = true;
        status = res.status().code();
        upgrading = status == 101;
        HeaderRewriter.Delimit delimit = HeaderRewriter.delimitOf(res, requestMethod);
        dynoReusable = HttpUtil.isKeepAlive(res) && delimit != HeaderRewriter.Delimit.CLOSE && !upgrading;
        closeClient = HeaderRewriter.forClient(res, delimit, clientVersion, keepAlive, upgrading);
        lastWrite = client.write(res);
    }

    /** Writes a piece of the dyno's response body; returns whether it was the last one (then flushed). */
    boolean relayContent(HttpContent content) {
        bytes += content.content().readableBytes();
        lastWrite = client.write(content);
        if (!(content instanceof LastHttpContent)) {
            return false;
        }
        client.flush();
        return true;
    }

    /** Pushes out what was written so far; returns the last write, null when there was none. */
    ChannelFuture flush() {
        client.flush();
        return lastWrite;
    }

    /** Answers with a page of the router's own, logged with {@code code}; {@code close}: the page says it closes. */
    void answer(FullHttpResponse page, int code, boolean close) {
        status = code;
        closeClient = close;
        lastWrite = client.writeAndFlush(page);
    }

    /** Ends with {@code code} in the log and no (further) answer: the client connection closes. */
    void cut(int code) {
        status = code;
        closeClient = true;
    }

    /** The client connection closes after this exchange, whatever its response said. */
    void closeClient() {
        closeClient = true;
    }

    /** A response head from the dyno went to the client: a router page can no longer replace it. */
    boolean relaying() {
        return relaying;
    }

    /** The dyno switched protocols (101): both connections become a tunnel. */
    boolean upgrading() {
        return upgrading;
    }

    /** The dyno's response leaves its connection fit for another request. */
    boolean dynoReusable() {
        return dynoReusable;
    }

    boolean closesClient() {
        return closeClient;
    }

    int status() {
        return status;
    }

    long bytes() {
        return bytes;
    }

    ChannelFuture lastWrite() {
        return lastWrite;
    }
}
