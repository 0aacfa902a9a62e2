package paas.router.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's side of an exchange on a bare EmbeddedChannel: what goes out, and what it leaves to know. */
class ClientResponseTest {
    final EmbeddedChannel client = new EmbeddedChannel();
    final ClientResponse response = new ClientResponse(client);

    @AfterEach
    void release() {
        client.finishAndReleaseAll();
    }

    static HttpResponse head(String... headers) {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        for (int i = 0; i < headers.length; i += 2) {
            res.headers().add(headers[i], headers[i + 1]);
        }
        return res;
    }

    @Test
    void relaysTheDynosResponseCountingBodyBytesAndFlushesAtItsEnd() {
        response.relayHead(head("Content-Length", "5", "Keep-Alive", "timeout=5"), HttpMethod.GET, HttpVersion.HTTP_1_1, true);
        assertThat(response.relayContent(new DefaultHttpContent(Unpooled.copiedBuffer("hel", StandardCharsets.US_ASCII)))).isFalse();
        assertThat(client.outboundMessages()).isEmpty();
        assertThat(response.relayContent(new DefaultLastHttpContent(Unpooled.copiedBuffer("lo", StandardCharsets.US_ASCII)))).isTrue();

        assertThat(client.outboundMessages()).hasSize(3);
        HttpResponse sent = client.readOutbound();
        assertThat(sent.headers().contains("keep-alive")).isFalse();
        assertThat(sent.headers().get(HttpHeaderNames.VIA)).isEqualTo("1.1 paas");
        assertThat(response.relaying()).isTrue();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bytes()).isEqualTo(5);
        assertThat(response.dynoReusable()).isTrue();
        assertThat(response.closesClient()).isFalse();
        assertThat(response.upgrading()).isFalse();
        assertThat(response.lastWrite().isSuccess()).isTrue();
    }

    @Test
    void aBodyEndedByTheDynoClosingLeavesNeitherConnectionForAnHttp10Client() {
        response.relayHead(head(), HttpMethod.GET, HttpVersion.HTTP_1_0, true);
        assertThat(response.dynoReusable()).isFalse();
        assertThat(response.closesClient()).isTrue();
    }

    @Test
    void aSwitchOfProtocolsIsAnUpgradeThatKeepsTheDynoConnectionOutOfThePool() {
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        res.headers().set(HttpHeaderNames.CONNECTION, "Upgrade").set(HttpHeaderNames.UPGRADE, "websocket");
        response.relayHead(res, HttpMethod.GET, HttpVersion.HTTP_1_1, true);
        assertThat(response.upgrading()).isTrue();
        assertThat(response.dynoReusable()).isFalse();
        assertThat(response.closesClient()).isFalse();
    }

    @Test
    void aRouterPageIsSentAtOnceAndACutOnlyClosesTheClient() {
        assertThat(response.flush()).isNull();
        response.answer(ErrorPages.forError(RouterError.H12, false), 503, false);
        assertThat(client.outboundMessages()).hasSize(1);
        assertThat(response.relaying()).isFalse();
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.closesClient()).isFalse();
        assertThat(response.flush()).isSameAs(response.lastWrite());

        response.cut(499);
        assertThat(response.status()).isEqualTo(499);
        assertThat(response.closesClient()).isTrue();
        assertThat(client.outboundMessages()).hasSize(1);
    }
}
