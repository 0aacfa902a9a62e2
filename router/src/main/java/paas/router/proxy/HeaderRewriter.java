package paas.router.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a client's request head into the one the dyno gets, and the dyno's response head into the
 * one the client gets: hop-by-hop headers out (RFC 9110 7.6.1), framing set by the router, and the
 * forwarding headers in.
 */
final class HeaderRewriter {
    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_PORT = AsciiString.cached("x-forwarded-port");
    static final AsciiString X_REQUEST_START = AsciiString.cached("x-request-start");
    static final String VIA = "1.1 paas";
    private static final AsciiString VIA_VALUE = AsciiString.cached(VIA);
    static final String HTTP = "http";
    static final String HTTPS = "https";

    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    /** Named in Connection by a client or dyno, these still stay: the router owns the message framing. */
    private static final Set<String> NEVER_DROPPED = Set.of("host", "content-length");

    private HeaderRewriter() {
    }

    /**
     * Where the request came from, as the forwarding headers tell the dyno.
     *
     * @param forwardedFor the client's {@code X-Forwarded-For} with the client's own address appended
     * @param proto        {@code http} or {@code https}: how the request reached the router
     */
    record Origin(String forwardedFor, int localPort, String requestId, long startMillis, String proto) {

        /** A request that came over plain HTTP. */
        Origin(String forwardedFor, int localPort, String requestId, long startMillis) {
            this(forwardedFor, localPort, requestId, startMillis, HTTP);
        }

        /**
         * The origin of a request from {@code clientIp}: its {@code X-Request-Id} when a sane one
         * (else a new one), its {@code X-Forwarded-For} (all of them, joined) with the client's own
         * address appended.
         */
        static Origin of(HttpRequest head, String clientIp, int localPort, long startMillis) {
            return of(head, clientIp, localPort, startMillis, false);
        }

        /** As {@link #of(HttpRequest, String, int, long)}, for a request that came over TLS when {@code overTls}. */
        static Origin of(HttpRequest head, String clientIp, int localPort, long startMillis, boolean overTls) {
            String requestId = RequestIds.keepOrCreate(head.headers().get(X_REQUEST_ID));
            return new Origin(forwardedFor(head, clientIp), localPort, requestId, startMillis, overTls ? HTTPS : HTTP);
        }

        private static String forwardedFor(HttpRequest head, String clientIp) {
            if (!head.headers().contains(X_FORWARDED_FOR)) {
                return clientIp;
            }
            String earlier = String.join(", ", head.headers().getAll(X_FORWARDED_FOR)).trim();
            return earlier.isEmpty() ? clientIp : earlier + ", " + clientIp;
        }
    }

    /** Rewrites {@code req.head()} in place for the dyno and returns it. */
    static HttpRequest forDyno(ValidRequest req, Origin origin) {
        HttpRequest head = req.head();
        HttpHeaders h = head.headers();
        String via = joined(h, HttpHeaderNames.VIA);
        String upgrade = req.webSocket() ? h.get(HttpHeaderNames.UPGRADE) : null;

        dropHopByHop(h);
        h.remove(HttpHeaderNames.EXPECT); // answered by the router itself, see DynoRequest
        if (req.body() == ValidRequest.Body.CHUNKED) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        if (upgrade != null) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            h.set(HttpHeaderNames.UPGRADE, upgrade);
        }
        h.set(HttpHeaderNames.HOST, req.authority());
        h.set(X_REQUEST_ID, origin.requestId());
        h.set(X_FORWARDED_FOR, origin.forwardedFor());
        h.set(X_FORWARDED_PROTO, origin.proto());
        h.set(X_FORWARDED_PORT, Integer.toString(origin.localPort()));
        h.set(X_REQUEST_START, Long.toString(origin.startMillis()));
        h.set(HttpHeaderNames.VIA, via.isEmpty() ? VIA_VALUE : via + ", " + VIA);
        head.setUri(req.target());
        head.setProtocolVersion(HttpVersion.HTTP_1_1);
        return head;
    }

    /** How the dyno's response body ends, read before its framing headers are rewritten. */
    enum Delimit { NO_BODY, LENGTH, CHUNKED, CLOSE }

    static Delimit delimitOf(HttpResponse res, HttpMethod requestMethod) {
        int code = res.status().code();
        if (HttpMethod.HEAD.equals(requestMethod) || code / 100 == 1 || code == 204 || code == 304) {
            return Delimit.NO_BODY;
        }
        if (HttpUtil.isTransferEncodingChunked(res)) {
            return Delimit.CHUNKED;
        }
        return res.headers().contains(HttpHeaderNames.CONTENT_LENGTH) ? Delimit.LENGTH : Delimit.CLOSE;
    }

    /**
     * Rewrites a dyno's response head in place for the client. The body is sent chunked when its
     * length is unknown and the client speaks HTTP/1.1; an HTTP/1.0 client then gets it delimited
     * by closing. Returns whether the client connection must close after this response.
     */
    static boolean forClient(HttpResponse res, Delimit delimit, HttpVersion clientVersion, boolean keepAlive,
                             boolean upgrade) {
        HttpHeaders h = res.headers();
        String via = joined(h, HttpHeaderNames.VIA);
        String upgradeTo = upgrade ? h.get(HttpHeaderNames.UPGRADE) : null;
        dropHopByHop(h);
        h.set(HttpHeaderNames.VIA, via.isEmpty() ? VIA_VALUE : via + ", " + VIA);
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (upgradeTo != null) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            h.set(HttpHeaderNames.UPGRADE, upgradeTo);
            return false;
        }
        boolean close = !keepAlive;
        switch (delimit) {
            case NO_BODY -> {
                int code = res.status().code();
                if (code == 204 || code / 100 == 1) {
                    h.remove(HttpHeaderNames.CONTENT_LENGTH);
                }
            }
            case LENGTH -> { }
            case CHUNKED, CLOSE -> {
                if (clientVersion.minorVersion() >= 1) {
                    h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                } else {
                    close = true;
                }
            }
        }
        if (close) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.minorVersion() == 0) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return close;
    }

    /** Removes Connection, every header it names (but Host and Content-Length), and the fixed hop-by-hop set. */
    static void dropHopByHop(HttpHeaders h) {
        if (h.contains(HttpHeaderNames.CONNECTION)) {
            List<String> connection = h.getAll(HttpHeaderNames.CONNECTION);
            for (String value : connection) {
                for (String token : value.split(",")) {
                    String name = token.trim().toLowerCase(Locale.ROOT);
                    if (!name.isEmpty() && !NEVER_DROPPED.contains(name)) {
                        h.remove(name);
                    }
                }
            }
            h.remove(HttpHeaderNames.CONNECTION);
        }
        h.remove(KEEP_ALIVE);
        h.remove(PROXY_CONNECTION);
        h.remove(HttpHeaderNames.TE);
        h.remove(HttpHeaderNames.TRAILER);
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        h.remove(HttpHeaderNames.UPGRADE);
    }

    /** Every value of {@code name}, joined with ", "; empty when there is none (without building a list then). */
    private static String joined(HttpHeaders h, CharSequence name) {
        if (!h.contains(name)) {
            return "";
        }
        List<String> values = h.getAll(name);
        return values.isEmpty() ? "" : values.size() == 1 ? values.get(0).trim() : String.join(", ", values);
    }
}
