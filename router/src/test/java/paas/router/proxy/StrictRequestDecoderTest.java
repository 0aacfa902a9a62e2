package paas.router.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StrictRequestDecoderTest {
    final EmbeddedChannel ch = new EmbeddedChannel(new StrictRequestDecoder(ProxyInitializer.requestDecoding(8192, 65536), 1000, 8192));
    final List<ByteBuf> sent = new ArrayList<>();

    @AfterEach
    void everyInputBufferIsReleased() {
        ch.finishAndReleaseAll();
        assertThat(sent).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    /** Feeds the text one byte at a time (the worst split) and returns what came out, released. */
    List<String> decode(String text, boolean byteByByte) {
        if (byteByByte) {
            for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
                ByteBuf buf = Unpooled.buffer(1).writeByte(b);
                sent.add(buf);
                ch.writeInbound(buf);
            }
        } else {
            ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
            sent.add(buf);
            ch.writeInbound(buf);
        }
        List<String> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            HttpObject h = (HttpObject) o;
            String kind = h instanceof HttpRequest r ? "head " + r.uri() : h instanceof LastHttpContent ? "last" : "content";
            if (h instanceof HttpContent c && c.content().isReadable()) {
                kind += " " + c.content().toString(StandardCharsets.ISO_8859_1);
            }
            out.add(h.decoderResult().isFailure() ? "FAILED " + kind : kind);
            ReferenceCountUtil.release(o);
            if (o instanceof HttpContent c && c != LastHttpContent.EMPTY_LAST_CONTENT) {
                assertThat(c.refCnt()).isZero();
            }
        }
        return out;
    }

    @Test
    void obsFoldIsRefusedWholeOrSplitByteByByte() {
        String folded = "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n";
        assertThat(decode(folded, false)).containsExactly("FAILED head /bad-request");
        StrictRequestDecoderTest other = new StrictRequestDecoderTest();
        assertThat(other.decode(folded.replace(" 2", "\t2"), true)).containsExactly("FAILED head /bad-request");
        other.everyInputBufferIsReleased();
    }

    @Test
    void bodiesMayContainAnythingThatLooksLikeAFold() {
        String req = "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\nx\r\n y\r\n";
        assertThat(decode(req, true)).containsExactly("head /a", "content x", "content \r", "content \n", "content  ",
                "content y", "content \r", "last \n");
        assertThat(decode(req.replace("/a", "/b"), false)).containsExactly("head /b", "last x\r\n y\r\n");
    }

    @Test
    void aFoldInAPipelinedSecondRequestIsCaught() {
        assertThat(decode("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n", false))
                .containsExactly("head /1", "last", "FAILED head /bad-request");
    }

    @Test
    void leadingEmptyLinesBeforeARequestAreStillTolerated() {
        assertThat(decode("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", true)).containsExactly("head /", "last");
    }

    @Test
    void everythingAfterAFailureIsDiscarded() {
        assertThat(decode("GET / HTTP/1.1\r\nHost: a\r\n\tfold\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n", false))
                .containsExactly("FAILED head /bad-request");
        assertThat(decode("GET /more HTTP/1.1\r\nHost: a\r\n\r\n", false)).isEmpty();
    }

    static String withHeaders(int count, String extraLine) {
        StringBuilder sb = new StringBuilder("GET /h HTTP/1.1\r\nHost: a\r\n");
        for (int i = 1; i < count; i++) {
            sb.append("X-").append(i).append(": v\r\n");
        }
        return sb.append(extraLine).append("\r\n").toString();
    }

    @Test
    void aThousandHeaderFieldsPassAndOneMoreIsRefused() {
        assertThat(decode(withHeaders(1000, ""), false)).containsExactly("head /h", "last");
        assertThat(decode(withHeaders(1001, ""), false)).containsExactly("FAILED head /bad-request");
        StrictRequestDecoderTest other = new StrictRequestDecoderTest();
        assertThat(other.decode(withHeaders(1001, ""), true)).containsExactly("FAILED head /bad-request");
        other.everyInputBufferIsReleased();
    }

    @Test
    void aHeaderLineOf8KiBPassesAndOneByteMoreIsRefused() {
        String line8192 = "X-Big: " + "b".repeat(8192 - 7) + "\r\n";
        assertThat(decode(withHeaders(1, line8192), false)).containsExactly("head /h", "last");
        assertThat(decode(withHeaders(1, line8192.replace("X-Big", "X-Bigg")), false)).containsExactly("FAILED head /bad-request");
        StrictRequestDecoderTest other = new StrictRequestDecoderTest();
        assertThat(other.decode(withHeaders(1, "Y: " + "c".repeat(9000) + "\r\n"), true)).containsExactly("FAILED head /bad-request");
        other.everyInputBufferIsReleased();
    }

    @Test
    void theLimitsAreRefusalsOfTheirOwnKindForTheGuard() {
        ch.writeInbound(Unpooled.copiedBuffer(withHeaders(1001, ""), StandardCharsets.ISO_8859_1));
        HttpRequest bad = ch.readInbound();
        assertThat(RequestGuard.refusalFor(bad.decoderResult().cause()).status().code()).isEqualTo(431);
        assertThat(bad.decoderResult().cause()).hasMessageContaining("1000 header fields");
        ReferenceCountUtil.release(bad);
    }

    @Test
    void aHeadIncompleteAtTheEndOfAReadIsAnnouncedOnceAndAWholeOneNotAtAll() {
        List<Object> events = new ArrayList<>();
        EmbeddedChannel c = new EmbeddedChannel(new StrictRequestDecoder(ProxyInitializer.requestDecoding(8192, 65536), 1000, 8192),
                new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                        events.add(evt);
                    }
                });
        c.writeInbound(Unpooled.copiedBuffer("\r\nGET /1 HTTP/1.1\r\nHost: a\r\n\r\n", StandardCharsets.ISO_8859_1));
        assertThat(events).isEmpty();
        c.writeInbound(Unpooled.copiedBuffer("GET /2 HTTP/1.1\r\nHo", StandardCharsets.ISO_8859_1));
        c.writeInbound(Unpooled.copiedBuffer("st: a\r\n", StandardCharsets.ISO_8859_1));
        assertThat(events).containsExactly(new StrictRequestDecoder.PartialHead(2));
        c.writeInbound(Unpooled.copiedBuffer("\r\nGET /3 HTTP/1.1\r\n", StandardCharsets.ISO_8859_1));
        assertThat(events).containsExactly(new StrictRequestDecoder.PartialHead(2), new StrictRequestDecoder.PartialHead(3));
        assertThat(c.finishAndReleaseAll()).isTrue();
    }
}
