package paas.router.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.util.List;
import java.util.Locale;

/**
 * Decides whether a decoded request head can be forwarded without any doubt about where it ends
 * and who it is for. Anything ambiguous is refused, never repaired: a proxy that guesses
 * differently from the dyno behind it is how requests get smuggled.
 */
final class Framing {
    /** Why a request head is refused. */
    record Refusal(HttpResponseStatus status, String reason) {
    }

    /** Either a request to forward or the reason it is refused. */
    record Outcome(ValidRequest request, Refusal refusal) {
        static Outcome refuse(HttpResponseStatus status, String reason) {
            return new Outcome(null, new Refusal(status, reason));
        }
    }

    private static final int MAX_CONTENT_LENGTH_DIGITS = 18;

    private Framing() {
    }

    static Outcome check(HttpRequest req) {
        HttpVersion version = req.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return Outcome.refuse(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.0 and HTTP/1.1");
        }
        if (HttpMethod.CONNECT.equals(req.method())) {
            return Outcome.refuse(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not proxied");
        }
        HttpHeaders h = req.headers();

        String uri = req.uri();
        String authority;
        String target;
        if (uri.startsWith("/")) {
            target = uri;
            authority = single(h, HttpHeaderNames.HOST);
        } else if (uri.equals("*") && HttpMethod.OPTIONS.equals(req.method())) {
            target = uri;
            authority = single(h, HttpHeaderNames.HOST);
        } else {
            String[] parts = absoluteForm(uri);
            if (parts == null) {
                return Outcome.refuse(HttpResponseStatus.BAD_REQUEST, "request target is not origin- or absolute-form");
            }
            // RFC 9112 3.2.2: the target's authority overrides Host, so both proxy and dyno see this one.
            authority = parts[0];
            target = parts[1];
        }
        if (authority == null) {
            return Outcome.refuse(HttpResponseStatus.BAD_REQUEST, "exactly one Host header is required");
        }
        String host = Hosts.routingHost(authority);
        if (host == null) {
            return Outcome.refuse(HttpResponseStatus.BAD_REQUEST, "Host is not a valid host[:port]");
        }

        List<String> lengths = all(h, HttpHeaderNames.CONTENT_LENGTH);
        List<String> codings = all(h, HttpHeaderNames.TRANSFER_ENCODING);
        ValidRequest.Body body = ValidRequest.Body.NONE;
        if (!codings.isEmpty()) {
            if (!lengths.isEmpty()) {
                return Outcome.refuse(HttpResponseStatus.BAD_REQUEST, "both Content-Length and Transfer-Encoding");
            }
            if (version.minorVersion() == 0) {
                return Outcome.refuse(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (codings.size() != 1 || !codings.get(0).trim().equalsIgnoreCase("chunked")) {
                return Outcome.refuse(HttpResponseStatus.BAD_REQUEST, "Transfer-Encoding other than exactly chunked");
            }
            body = ValidRequest.Body.CHUNKED;
        } else if (!lengths.isEmpty()) {
            if (lengths.size() != 1) {
                return Outcome.refuse(HttpResponseStatus.BAD_REQUEST, "more than one Content-Length");
            }
            String length = lengths.get(0).trim();
            if (!isDigits(length, MAX_CONTENT_LENGTH_DIGITS)) {
                return Outcome.refuse(HttpResponseStatus.BAD_REQUEST, "Content-Length is not a decimal number");
            }
            body = Long.parseLong(length) == 0 ? ValidRequest.Body.NONE : ValidRequest.Body.FIXED;
        }

        boolean expectContinue = false;
        List<String> expect = all(h, HttpHeaderNames.EXPECT);
        if (!expect.isEmpty()) {
            if (expect.size() != 1 || !expect.get(0).trim().equalsIgnoreCase("100-continue")) {
                return Outcome.refuse(HttpResponseStatus.EXPECTATION_FAILED, "only Expect: 100-continue is supported");
            }
            expectContinue = version.minorVersion() == 1;
        }
        return new Outcome(new ValidRequest(req, host, authority, target, body, expectContinue, isWebSocket(req)), null);
    }

    /** A websocket handshake: GET, HTTP/1.1, {@code Upgrade: websocket}, {@code Connection: upgrade}. */
    static boolean isWebSocket(HttpRequest req) {
        return HttpMethod.GET.equals(req.method()) && req.protocolVersion().minorVersion() == 1
                && hasToken(req.headers(), HttpHeaderNames.UPGRADE, "websocket")
                && hasToken(req.headers(), HttpHeaderNames.CONNECTION, "upgrade");
    }

    static boolean hasToken(HttpHeaders h, CharSequence name, String token) {
        for (String value : all(h, name)) {
            for (String t : value.split(",")) {
                if (t.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String single(HttpHeaders h, CharSequence name) {
        List<String> all = all(h, name);
        return all.size() == 1 ? all.get(0).trim() : null;
    }

    /** {@code h.getAll(name)}, without building a list for the usual header that is not there at all. */
    private static List<String> all(HttpHeaders h, CharSequence name) {
        return h.contains(name) ? h.getAll(name) : List.of();
    }

    /** {@code [authority, origin-form target]} of {@code http://authority/path?query}, or null. */
    private static String[] absoluteForm(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        int start = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
        if (start < 0) {
            return null;
        }
        int end = start;
        while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
            end++;
        }
        String authority = uri.substring(start, end);
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            return null;
        }
        String rest = uri.substring(end);
        return new String[] {authority, rest.isEmpty() ? "/" : rest.startsWith("/") ? rest : "/" + rest};
    }

    private static boolean isDigits(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
