package paas.router.proxy;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import paas.router.Route;
import paas.router.tls.AcmeChallenges;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the plain-HTTP port answers itself: ACME HTTP-01 challenges, before routing (for any
 * hostname, even one without an app, since the platform validates a domain before the app is
 * reachable there), and, once routed, the redirect of https-only apps to the TLS port.
 */
final class PlainHttpAnswers {
    /** ACME tokens are base64url (RFC 8555 8.3); anything else is never looked up. */
    private static final int MAX_TOKEN = 256;

    private PlainHttpAnswers() {
    }

    /**
     * The answer to an ACME HTTP-01 challenge request the router holds a key authorization for,
     * or null to route the request as usual. {@code close}: the answer closes the connection (the
     * request body is left unread).
     */
    static FullHttpResponse challenge(ValidRequest request, AcmeChallenges challenges, boolean close) {
        if (!isChallengePath(request)) {
            return null;
        }
        return challengeToken(request).flatMap(challenges::answer)
                .map(keyAuthorization -> challengeAnswer(keyAuthorization, close)).orElse(null);
    }

    /**
     * The redirect of a plain-HTTP request for {@code route} to the TLS port, or null when the
     * route is not https-only, there is no TLS port ({@code httpsPort} -1) or the request is for
     * an ACME challenge path (an app may answer its own challenges).
     */
    static FullHttpResponse httpsRedirect(ValidRequest request, Route route, int httpsPort, boolean close) {
        if (!route.httpsOnly() || httpsPort < 0 || isChallengePath(request)) {
            return null;
        }
        return redirect(request, httpsPort, close);
    }

    static boolean isChallengePath(ValidRequest request) {
        return request.target().startsWith(AcmeChallenges.PATH_PREFIX);
    }

    /** The token of {@code GET /.well-known/acme-challenge/TOKEN}; empty for any other request. */
    static Optional<String> challengeToken(ValidRequest request) {
        if (!HttpMethod.GET.equals(request.head().method())) {
            return Optional.empty();
        }
        String token = request.target().substring(AcmeChallenges.PATH_PREFIX.length());
        return isBase64Url(token) ? Optional.of(token) : Optional.empty();
    }

    static boolean isBase64Url(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static FullHttpResponse challengeAnswer(String keyAuthorization, boolean close) {
        byte[] body = keyAuthorization.getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(body));
        res.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-cache, no-store");
        return closing(res, close);
    }

    /**
     * 308 to the same URL over HTTPS. 308 rather than 301: it keeps the method and body, so a POST
     * is repeated as a POST (RFC 9110 15.4.9). The host is the routing one (lowercase, no port).
     */
    static FullHttpResponse redirect(ValidRequest request, int httpsPort, boolean close) {
        String target = request.target().startsWith("/") ? request.target() : "/";
        String location = "https://" + request.host() + (httpsPort == 443 ? "" : ":" + httpsPort) + target;
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PERMANENT_REDIRECT,
                Unpooled.EMPTY_BUFFER);
        res.headers()
                .set(HttpHeaderNames.LOCATION, location)
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        return closing(res, close);
    }

    private static FullHttpResponse closing(FullHttpResponse res, boolean close) {
        if (close) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return res;
    }
}
