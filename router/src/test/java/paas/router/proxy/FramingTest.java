package paas.router.proxy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Framing decisions on already decoded heads (what the decoder lets through, the guard still checks). */
class FramingTest {
    static HttpRequest req(HttpMethod method, String uri, HttpVersion version, String... headers) {
        HttpRequest r = new DefaultHttpRequest(version, method, uri);
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    static HttpRequest get(String... headers) {
        return req(HttpMethod.GET, "/", HttpVersion.HTTP_1_1, headers);
    }

    static int refusal(HttpRequest r) {
        Framing.Outcome o = Framing.check(r);
        return o.refusal() == null ? 0 : o.refusal().status().code();
    }

    @Test
    void plainRequestsPassWithTheirFacts() {
        ValidRequest v = Framing.check(get("Host", "App.Test.Local:8080")).request();
        assertThat(v.host()).isEqualTo("app.test.local");
        assertThat(v.authority()).isEqualTo("App.Test.Local:8080");
        assertThat(v.body()).isEqualTo(ValidRequest.Body.NONE);
        assertThat(Framing.check(get("Host", "a", "Content-Length", "12")).request().body()).isEqualTo(ValidRequest.Body.FIXED);
        assertThat(Framing.check(get("Host", "a", "Content-Length", "0")).request().hasBody()).isFalse();
        assertThat(Framing.check(get("Host", "a", "Transfer-Encoding", "Chunked")).request().body()).isEqualTo(ValidRequest.Body.CHUNKED);
    }

    @Test
    void ambiguousFramingIs400() {
        assertThat(refusal(get("Host", "a", "Content-Length", "1", "Transfer-Encoding", "chunked"))).isEqualTo(400);
        assertThat(refusal(get("Host", "a", "Content-Length", "1", "Content-Length", "1"))).isEqualTo(400);
        assertThat(refusal(get("Host", "a", "Content-Length", "1a"))).isEqualTo(400);
        assertThat(refusal(get("Host", "a", "Content-Length", "-1"))).isEqualTo(400);
        assertThat(refusal(get("Host", "a", "Content-Length", "1234567890123456789"))).isEqualTo(400);
        assertThat(refusal(get("Host", "a", "Transfer-Encoding", "gzip, chunked"))).isEqualTo(400);
        assertThat(refusal(get("Host", "a", "Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked"))).isEqualTo(400);
        assertThat(refusal(req(HttpMethod.POST, "/", HttpVersion.HTTP_1_0, "Host", "a", "Transfer-Encoding", "chunked"))).isEqualTo(400);
    }

    @Test
    void hostMustBeThereOnceAndWellFormed() {
        assertThat(refusal(get())).isEqualTo(400);
        assertThat(refusal(get("Host", "a", "Host", "b"))).isEqualTo(400);
        assertThat(refusal(get("Host", ""))).isEqualTo(400);
        assertThat(refusal(get("Host", "a b"))).isEqualTo(400);
        assertThat(refusal(get("Host", "a:port"))).isEqualTo(400);
        assertThat(refusal(get("Host", "[::1]:80"))).isZero();
    }

    @Test
    void absoluteFormOverridesHostAndIsForwardedInOriginForm() {
        ValidRequest v = Framing.check(req(HttpMethod.GET, "http://Blog.Example:81/p?q=1", HttpVersion.HTTP_1_1,
                "Host", "other.example")).request();
        assertThat(v.host()).isEqualTo("blog.example");
        assertThat(v.authority()).isEqualTo("Blog.Example:81");
        assertThat(v.target()).isEqualTo("/p?q=1");
        assertThat(Framing.check(req(HttpMethod.GET, "https://b.example", HttpVersion.HTTP_1_1)).request().target()).isEqualTo("/");
        assertThat(refusal(req(HttpMethod.GET, "http://u@b.example/", HttpVersion.HTTP_1_1))).isEqualTo(400);
        assertThat(refusal(req(HttpMethod.GET, "ftp://b.example/", HttpVersion.HTTP_1_1))).isEqualTo(400);
        assertThat(refusal(req(HttpMethod.OPTIONS, "*", HttpVersion.HTTP_1_1, "Host", "a"))).isZero();
        assertThat(refusal(req(HttpMethod.GET, "*", HttpVersion.HTTP_1_1, "Host", "a"))).isEqualTo(400);
    }

    @Test
    void otherRefusals() {
        assertThat(refusal(req(HttpMethod.CONNECT, "a:443", HttpVersion.HTTP_1_1, "Host", "a:443"))).isEqualTo(405);
        assertThat(refusal(req(HttpMethod.GET, "/", HttpVersion.valueOf("HTTP/1.2"), "Host", "a"))).isEqualTo(505);
        assertThat(refusal(get("Host", "a", "Expect", "something"))).isEqualTo(417);
        assertThat(Framing.check(get("Host", "a", "Expect", "100-Continue")).request().expectContinue()).isTrue();
    }

    @Test
    void websocketNeedsGetUpgradeAndConnection() {
        assertThat(Framing.check(get("Host", "a", "Upgrade", "websocket", "Connection", "keep-alive, Upgrade"))
                .request().webSocket()).isTrue();
        assertThat(Framing.check(get("Host", "a", "Upgrade", "websocket")).request().webSocket()).isFalse();
        assertThat(Framing.check(get("Host", "a", "Upgrade", "h2c", "Connection", "upgrade")).request().webSocket()).isFalse();
    }

    @Test
    void hostsAreNormalizedForRouting() {
        assertThat(Hosts.routingHost("Example.COM.")).isEqualTo("example.com");
        assertThat(Hosts.routingHost("example.com:65535")).isEqualTo("example.com");
        assertThat(Hosts.routingHost("[::1]")).isEqualTo("[::1]");
        assertThat(Hosts.routingHost(":80")).isNull();
        assertThat(Hosts.routingHost("example.com:123456")).isNull();
        assertThat(Hosts.routingHost("exa/mple.com")).isNull();
        assertThat(Hosts.routingHost("[::1")).isNull();
        assertThat(Hosts.routingHost("bücher.example")).isNull();
    }
}
