package paas.router.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Http2RequestHeadTest {
    final EmbeddedChannel channel = new EmbeddedChannel(new Http2RequestHead(64, 5, 300));

    @Test
    void dropsNettysBookkeepingHeadersAndKeepsTheRest() {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload");
        req.headers().add("host", "web.test.local").add("x-http2-stream-id", "3").add("x-http2-scheme", "https")
                .add("x-custom", "kept").add("transfer-encoding", "chunked");
        channel.writeInbound(req);
        HttpRequest out = channel.readInbound();
        assertThat(out.headers().names()).containsExactlyInAnyOrder("host", "x-custom", "transfer-encoding");
        assertThat(out.decoderResult().isSuccess()).isTrue();
    }

    @Test
    void aRequestThatEndedWithItsHeadersBecomesAHeadAndAnEnd() {
        DefaultFullHttpRequest full = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/",
                Unpooled.EMPTY_BUFFER);
        full.headers().add("host", "web.test.local");
        channel.writeInbound(full);
        Object head = channel.readInbound();
        Object end = channel.readInbound();
        assertThat(head).isInstanceOf(HttpRequest.class).isNotInstanceOf(LastHttpContent.class);
        assertThat(end).isInstanceOf(LastHttpContent.class).isNotInstanceOf(HttpRequest.class);
        assertThat(((HttpRequest) head).headers().get("host")).isEqualTo("web.test.local");
        ((LastHttpContent) end).release();
    }

    @Test
    void tooManyOrTooLongHeaderFieldsFailLikeOverHttp11() {
        HttpRequest many = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        for (int i = 0; i < 6; i++) {
            many.headers().add("x-field-" + i, "v");
        }
        HttpRequest longOne = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        longOne.headers().add("x-long", "v".repeat(300 - "x-long: ".length() + 1));
        HttpRequest fits = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        fits.headers().add("x-long", "v".repeat(300 - "x-long: ".length()));
        channel.writeInbound(many, longOne, fits);
        for (String expected : new String[] {"more than 5 header fields", "longer than 300 bytes"}) {
            HttpRequest out = channel.readInbound();
            assertThat(out.decoderResult().cause()).isInstanceOf(TooLongHttpHeaderException.class).hasMessageContaining(expected);
            assertThat(RequestGuard.refusalFor(out.decoderResult().cause()).status().code()).isEqualTo(431);
        }
        assertThat(((HttpRequest) channel.readInbound()).decoderResult().isSuccess()).isTrue();
    }

    @Test
    void aPathLongerThanTheRequestLineLimitFailsLikeOverHttp11() {
        channel.writeInbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/" + "a".repeat(64)));
        HttpRequest out = channel.readInbound();
        assertThat(out.decoderResult().cause()).isInstanceOf(TooLongHttpLineException.class);
        assertThat(RequestGuard.refusalFor(out.decoderResult().cause()).status().code()).isEqualTo(414);
    }
}
