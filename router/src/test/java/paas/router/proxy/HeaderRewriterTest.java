package paas.router.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeaderRewriterTest {
    static final HeaderRewriter.Origin ORIGIN = new HeaderRewriter.Origin("1.1.1.1, 2.2.2.2, 9.9.9.9", 8080,
            "req-id-0123456789abcdef", 1234L);

    static HttpHeaders forwarded(HttpRequest head) {
        ValidRequest v = Framing.check(head).request();
        return HeaderRewriter.forDyno(v, ORIGIN).headers();
    }

    static HttpRequest request(String... headers) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.POST, "/");
        r.headers().add("Host", "app.example");
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    @Test
    void setsForwardingHeadersAndOverwritesTheClientsOwn() {
        HttpHeaders h = forwarded(request("X-Forwarded-For", "1.1.1.1", "X-Forwarded-For", "2.2.2.2",
                "X-Forwarded-Proto", "https", "X-Forwarded-Port", "443", "X-Request-Start", "1", "X-Request-Id", "x"));
        assertThat(h.get("x-forwarded-for")).isEqualTo("1.1.1.1, 2.2.2.2, 9.9.9.9");
        assertThat(h.getAll("x-forwarded-for")).hasSize(1);
        assertThat(h.get("x-forwarded-proto")).isEqualTo("http");
        assertThat(h.get("x-forwarded-port")).isEqualTo("8080");
        assertThat(h.get("x-request-start")).isEqualTo("1234");
        assertThat(h.get("x-request-id")).isEqualTo("req-id-0123456789abcdef");
        assertThat(h.get("via")).isEqualTo("1.1 paas");
    }

    @Test
    void aRequestThatCameOverTlsIsForwardedAsHttpsWhateverTheClientClaimed() {
        HeaderRewriter.Origin tls = HeaderRewriter.Origin.of(request(), "9.9.9.9", 8443, 1L, true);
        HeaderRewriter.Origin plain = HeaderRewriter.Origin.of(request(), "9.9.9.9", 8080, 1L, false);
        ValidRequest overTls = Framing.check(request("X-Forwarded-Proto", "http", "X-Forwarded-Port", "80")).request();
        ValidRequest overPlain = Framing.check(request("X-Forwarded-Proto", "https")).request();
        HttpHeaders h = HeaderRewriter.forDyno(overTls, tls).headers();
        assertThat(h.getAll("x-forwarded-proto")).containsExactly("https");
        assertThat(h.get("x-forwarded-port")).isEqualTo("8443");
        assertThat(HeaderRewriter.forDyno(overPlain, plain).headers().getAll("x-forwarded-proto")).containsExactly("http");
    }

    @Test
    void originAppendsTheClientToEveryForwardedForItSentAndKeepsASaneRequestId() {
        HeaderRewriter.Origin o = HeaderRewriter.Origin.of(request("X-Forwarded-For", "1.1.1.1",
                "X-Forwarded-For", "2.2.2.2", "X-Request-Id", "req-id-0123456789abcdef"), "9.9.9.9", 8080, 1234L);
        assertThat(o).isEqualTo(ORIGIN);
    }

    @Test
    void originWithoutAUsableForwardedForIsTheClientAloneAndABadRequestIdIsReplaced() {
        HeaderRewriter.Origin none = HeaderRewriter.Origin.of(request(), "9.9.9.9", 80, 1L);
        HeaderRewriter.Origin blank = HeaderRewriter.Origin.of(request("X-Forwarded-For", "", "X-Request-Id", "short"),
                "9.9.9.9", 80, 1L);
        assertThat(none.forwardedFor()).isEqualTo("9.9.9.9");
        assertThat(blank.forwardedFor()).isEqualTo("9.9.9.9");
        assertThat(blank.requestId()).isNotEqualTo("short").satisfies(id -> assertThat(RequestIds.isValid(id)).isTrue());
    }

    @Test
    void dropsHopByHopHeadersIncludingThoseNamedInConnection() {
        HttpHeaders h = forwarded(request("Connection", "keep-alive, X-Private, Content-Length, Host", "X-Private", "1",
                "Keep-Alive", "300", "Proxy-Connection", "x", "TE", "trailers", "Trailer", "X-T", "Upgrade", "h2c",
                "Expect", "100-continue", "Content-Length", "3"));
        assertThat(h.names()).map(String::toLowerCase).doesNotContain("connection", "x-private", "keep-alive",
                "proxy-connection", "te", "trailer", "upgrade", "expect");
        assertThat(h.get("content-length")).as("framing is the router's, whatever Connection says").isEqualTo("3");
        assertThat(h.get("host")).isEqualTo("app.example");
    }

    @Test
    void websocketUpgradeKeepsUpgradeAndConnection() {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws");
        r.headers().add("Host", "a").add("Upgrade", "websocket").add("Connection", "Upgrade");
        HttpHeaders h = forwarded(r);
        assertThat(h.get("upgrade")).isEqualTo("websocket");
        assertThat(h.get("connection")).isEqualTo("upgrade");
    }

    @Test
    void chunkedRequestStaysChunkedAndIsSentAsHttp11() {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        r.headers().add("Host", "a").add("Transfer-Encoding", "chunked");
        ValidRequest v = Framing.check(r).request();
        HttpRequest out = HeaderRewriter.forDyno(v, ORIGIN);
        assertThat(out.headers().get("transfer-encoding")).isEqualTo("chunked");
        assertThat(out.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    }

    static HttpResponse response(HttpResponseStatus status, String... headers) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_0, status);
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    @Test
    void responseOfUnknownLengthIsChunkedForHttp11AndClosesForHttp10() {
        HttpResponse r = response(HttpResponseStatus.OK, "Connection", "close, X-Secret", "X-Secret", "s");
        HeaderRewriter.Delimit d = HeaderRewriter.delimitOf(r, HttpMethod.GET);
        assertThat(d).isEqualTo(HeaderRewriter.Delimit.CLOSE);
        assertThat(HeaderRewriter.forClient(r, d, HttpVersion.HTTP_1_1, true, false)).isFalse();
        assertThat(r.headers().get("transfer-encoding")).isEqualTo("chunked");
        assertThat(r.headers().contains("x-secret")).isFalse();
        assertThat(r.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);

        HttpResponse old = response(HttpResponseStatus.OK);
        assertThat(HeaderRewriter.forClient(old, HeaderRewriter.Delimit.CLOSE, HttpVersion.HTTP_1_0, true, false)).isTrue();
        assertThat(old.headers().get("connection")).isEqualTo("close");
        assertThat(old.headers().contains("transfer-encoding")).isFalse();
    }

    @Test
    void headAnd304KeepTheirLengthAnd204LosesIt() {
        HttpResponse head = response(HttpResponseStatus.OK, "Content-Length", "42", "Transfer-Encoding", "chunked");
        HeaderRewriter.Delimit d = HeaderRewriter.delimitOf(head, HttpMethod.HEAD);
        assertThat(d).isEqualTo(HeaderRewriter.Delimit.NO_BODY);
        HeaderRewriter.forClient(head, d, HttpVersion.HTTP_1_1, true, false);
        assertThat(head.headers().contains("transfer-encoding")).isFalse();

        HttpResponse noContent = response(HttpResponseStatus.NO_CONTENT, "Content-Length", "0");
        HeaderRewriter.forClient(noContent, HeaderRewriter.delimitOf(noContent, HttpMethod.GET), HttpVersion.HTTP_1_1, true, false);
        assertThat(noContent.headers().contains("content-length")).isFalse();

        HttpResponse kept = response(HttpResponseStatus.OK, "Content-Length", "5");
        assertThat(HeaderRewriter.forClient(kept, HeaderRewriter.Delimit.LENGTH, HttpVersion.HTTP_1_0, true, false)).isFalse();
        assertThat(kept.headers().get("connection")).isEqualTo("keep-alive");
        assertThat(kept.headers().get("via")).isEqualTo("1.1 paas");
    }
}
