package paas.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestGuardTest {
    final EmbeddedChannel ch = new EmbeddedChannel(
            new StrictRequestDecoder(ProxyInitializer.requestDecoding(100, 300), 1000, 8192), new RequestGuard());

    Object firstOut(String raw) {
        ch.writeInbound(Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1));
        return ch.readInbound();
    }

    @Test
    void validHeadBecomesAValidRequestAndItsBodyPassesThrough() {
        Object head = firstOut("POST /x HTTP/1.1\r\nHost: a.example\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(head).isInstanceOfSatisfying(ValidRequest.class, v -> assertThat(v.host()).isEqualTo("a.example"));
        DefaultHttpContent body = ch.readInbound();
        assertThat(body.content().toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
        body.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void limitsGiveTheirOwnStatuses() {
        assertThat(((RefusedRequest) firstOut("GET /" + "a".repeat(200) + " HTTP/1.1\r\n\r\n")).status().code()).isEqualTo(414);
        EmbeddedChannel other = new EmbeddedChannel(new StrictRequestDecoder(ProxyInitializer.requestDecoding(100, 300), 1000, 8192), new RequestGuard());
        other.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(400) + "\r\n\r\n", StandardCharsets.US_ASCII));
        assertThat(((RefusedRequest) other.readInbound()).status().code()).isEqualTo(431);
        assertThat(other.finishAndReleaseAll()).isFalse();
    }

    @Test
    void afterARefusalEverythingIsDroppedAndReleased() {
        Object refused = firstOut("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertThat(refused).isInstanceOfSatisfying(RefusedRequest.class, r -> assertThat(r.status().code()).isEqualTo(400));
        ByteBuf later = Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.US_ASCII);
        ch.writeInbound(later);
        assertThat(later.refCnt()).isZero();
        Object nothing = ch.readInbound();
        assertThat(nothing).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
