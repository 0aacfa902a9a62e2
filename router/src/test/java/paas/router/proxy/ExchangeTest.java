package paas.router.proxy;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import paas.router.RouterLogLine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.router.proxy.ProxyHarness.drain;
import static paas.router.proxy.ProxyHarness.reply;

/** A request through the frontend, the exchange and a pooled dyno connection, all on EmbeddedChannels. */
class ExchangeTest {
    final ProxyHarness p = new ProxyHarness();
    final List<EmbeddedChannel> dynos = new ArrayList<>();

    EmbeddedChannel dyno(String app) {
        EmbeddedChannel d = p.dyno(app);
        dynos.add(d);
        return d;
    }

    @AfterEach
    void nothingLeaks() {
        for (EmbeddedChannel d : dynos) {
            d.finishAndReleaseAll();
        }
        assertThat(p.client.finishAndReleaseAll()).isFalse();
    }

    @Test
    void forwardsTheRewrittenHeadAndRelaysTheResponse() {
        EmbeddedChannel d = dyno("app");
        p.send("GET /p?q HTTP/1.1\r\nHost: app.test.local\r\nConnection: X-Drop\r\nX-Drop: 1\r\nX-Keep: 2\r\n\r\n");
        String forwarded = drain(d);
        assertThat(forwarded).startsWith("GET /p?q HTTP/1.1\r\n").containsIgnoringCase("x-keep: 2")
                .doesNotContainIgnoringCase("x-drop").doesNotContainIgnoringCase("connection")
                .contains("x-forwarded-for: 0.0.0.0").contains("via: 1.1 paas").contains("x-request-id: ");
        reply(d, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nKeep-Alive: timeout=5\r\n\r\nhello");
        assertThat(p.toClient()).startsWith("HTTP/1.1 200 OK").contains("via: 1.1 paas").doesNotContain("keep-alive")
                .endsWith("hello");
        RouterLogLine line = p.log.await(l -> true);
        assertThat(line.text()).contains("dyno=web.1 connect=0ms service=0ms status=200 bytes=5");
        assertThat(p.pool.idleCount()).isEqualTo(1);
    }

    @Test
    void interim100FromTheDynoIsDroppedAndExpectIsAnsweredByTheRouter() {
        EmbeddedChannel d = dyno("app");
        p.send("PUT / HTTP/1.1\r\nHost: app.test.local\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        assertThat(p.toClient()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
        assertThat(drain(d)).isEmpty();
        p.send("ok");
        assertThat(drain(d)).doesNotContainIgnoringCase("expect").endsWith("\r\n\r\nok");
        reply(d, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
        assertThat(p.toClient()).isEqualTo("HTTP/1.1 204 No Content\r\nvia: 1.1 paas\r\n\r\n");
    }

    @Test
    void unknownLengthResponseIsRechunkedForTheClient() {
        EmbeddedChannel d = dyno("app");
        p.send("GET / HTTP/1.1\r\nHost: app.test.local\r\n\r\n");
        drain(d);
        reply(d, "HTTP/1.1 200 OK\r\n\r\nabc");
        d.close();
        assertThat(p.toClient()).contains("transfer-encoding: chunked").contains("3\r\nabc\r\n").endsWith("0\r\n\r\n");
        assertThat(p.log.await(l -> true).isError()).isFalse();
        assertThat(p.pool.idleCount()).isZero();
    }

    @Test
    void noFirstByteWithinTheTimeoutIsH12AndTheConnectionIsKept() {
        EmbeddedChannel d = dyno("app");
        p.send("GET / HTTP/1.1\r\nHost: app.test.local\r\n\r\n");
        drain(d);
        p.advance(Duration.ofSeconds(29));
        assertThat(p.toClient()).isEmpty();
        p.advance(Duration.ofSeconds(1));
        assertThat(p.toClient()).startsWith("HTTP/1.1 503").doesNotContain("connection: close");
        assertThat(p.log.awaitCode("H12").text()).contains("service=30000ms");
        assertThat(d.isOpen()).isFalse();
        assertThat(p.client.isOpen()).isTrue();
    }

    @Test
    void responseGoingQuietIsH15AndCutsTheClient() {
        EmbeddedChannel d = dyno("app");
        p.send("GET / HTTP/1.1\r\nHost: app.test.local\r\n\r\n");
        drain(d);
        p.advance(Duration.ofSeconds(10));
        reply(d, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        assertThat(p.toClient()).endsWith("abc");
        p.advance(Duration.ofSeconds(54));
        assertThat(p.client.isOpen()).isTrue();
        p.advance(Duration.ofSeconds(2));
        assertThat(p.client.isOpen()).isFalse();
        assertThat(p.log.awaitCode("H15").status()).isEqualTo(503);
    }

    @Test
    void clientStallingTheBodyIsH28() {
        EmbeddedChannel d = dyno("app");
        p.send("POST / HTTP/1.1\r\nHost: app.test.local\r\nContent-Length: 10\r\n\r\nabc");
        p.advance(Duration.ofSeconds(56));
        assertThat(p.client.isOpen()).isFalse();
        assertThat(p.log.awaitCode("H28").status()).isEqualTo(499);
        assertThat(d.isOpen()).isFalse();
    }

    @Test
    void malformedResponseIsH17() {
        EmbeddedChannel d = dyno("app");
        p.send("GET / HTTP/1.1\r\nHost: app.test.local\r\n\r\n");
        drain(d);
        reply(d, "HTTP/1.1 abc\r\n\r\n");
        assertThat(p.toClient()).startsWith("HTTP/1.1 503");
        p.log.awaitCode("H17");
        assertThat(d.isOpen()).isFalse();
    }

    @Test
    void dynoClosingBeforeAnsweringIsH13AndMidAnswerIsH18() {
        EmbeddedChannel d = dyno("app");
        p.send("POST / HTTP/1.1\r\nHost: app.test.local\r\nContent-Length: 1\r\n\r\nx");
        drain(d);
        d.close();
        assertThat(p.toClient()).startsWith("HTTP/1.1 503");
        p.log.awaitCode("H13");

        EmbeddedChannel d2 = dyno("app");
        p.send("GET / HTTP/1.1\r\nHost: app.test.local\r\n\r\n");
        drain(d2);
        reply(d2, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        d2.close();
        assertThat(p.toClient()).startsWith("HTTP/1.1 200").endsWith("abc");
        p.log.awaitCode("H18");
        assertThat(p.client.isOpen()).isFalse();
    }

    /** Routes {@code app} to web.1 and web.2, each with a pooled connection; returns {lent, other} after the head of {@code request}. */
    EmbeddedChannel[] twoDynosAfterHead(String request) {
        p.routes.update(new paas.router.Route("app", List.of(ProxyHarness.WEB_1, ProxyHarness.WEB_2)));
        EmbeddedChannel d1 = p.pooledDyno(ProxyHarness.WEB_1);
        EmbeddedChannel d2 = p.pooledDyno(ProxyHarness.WEB_2);
        dynos.add(d1);
        dynos.add(d2);
        p.send(request);
        BackendHandler idle2 = p.pool.poll(ProxyHarness.WEB_2);
        if (idle2 == null) {
            return new EmbeddedChannel[] {d2, d1};
        }
        p.pool.release(idle2);
        return new EmbeddedChannel[] {d1, d2};
    }

    @Test
    void aPostWhoseDynoConnectionClosedBeforeItsHeadWentOutGoesToAnotherDyno() {
        EmbeddedChannel[] d = twoDynosAfterHead("POST /up HTTP/1.1\r\nHost: app.test.local\r\nContent-Length: 2\r\n\r\n");
        assertThat(drain(d[0])).isEmpty();
        d[0].close(); // closed while lent, before the body (and so the head) went out
        p.send("ok");
        assertThat(drain(d[1])).startsWith("POST /up HTTP/1.1").endsWith("\r\n\r\nok");
        reply(d[1], "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
        assertThat(p.toClient()).startsWith("HTTP/1.1 201");
        RouterLogLine line = p.log.await(l -> true);
        assertThat(line.isError()).isFalse();
        assertThat(line.dyno()).isEqualTo(d[1] == dynos.get(0) ? "web.1" : "web.2");
    }

    @Test
    void aPostThatWentOutIsNeverSentAgain() {
        EmbeddedChannel[] d = twoDynosAfterHead("POST / HTTP/1.1\r\nHost: app.test.local\r\nContent-Length: 1\r\n\r\nx");
        assertThat(drain(d[0])).endsWith("\r\n\r\nx");
        d[0].close();
        assertThat(p.toClient()).startsWith("HTTP/1.1 503");
        p.log.awaitCode("H13");
        assertThat(drain(d[1])).isEmpty();
    }

    @Test
    void anIdempotentRequestThatWentOutIsSentAgainToAnotherDynoWhenNothingCameBack() {
        EmbeddedChannel[] d = twoDynosAfterHead("DELETE /thing HTTP/1.1\r\nHost: app.test.local\r\n\r\n");
        assertThat(drain(d[0])).startsWith("DELETE /thing HTTP/1.1");
        d[0].close();
        assertThat(drain(d[1])).startsWith("DELETE /thing HTTP/1.1").contains("x-request-id: ");
        reply(d[1], "HTTP/1.1 204 No Content\r\n\r\n");
        assertThat(p.toClient()).startsWith("HTTP/1.1 204");
        assertThat(p.log.await(l -> true).isError()).isFalse();
    }

    @Test
    void clientLeavingIsH27AndTheDynoConnectionIsNotReused() {
        EmbeddedChannel d = dyno("app");
        p.send("GET / HTTP/1.1\r\nHost: app.test.local\r\n\r\n");
        drain(d);
        p.client.close();
        assertThat(p.log.awaitCode("H27").status()).isEqualTo(499);
        assertThat(d.isOpen()).isFalse();
        assertThat(p.pool.idleCount()).isZero();
    }

    @Test
    void aBrokenFirstChunkIsRefusedBeforeTheDynoSeesAnything() {
        EmbeddedChannel d = dyno("app");
        p.send("POST / HTTP/1.1\r\nHost: app.test.local\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        assertThat(p.toClient()).startsWith("HTTP/1.1 400");
        assertThat(drain(d)).isEmpty();
        assertThat(p.client.isOpen()).isFalse();
        // Untouched, the dyno connection went back to the pool.
        assertThat(p.pool.idleCount()).isEqualTo(1);
    }

    @Test
    void websocketHandshakeTurnsBothConnectionsIntoATunnel() {
        EmbeddedChannel d = dyno("app");
        p.send("GET /ws HTTP/1.1\r\nHost: app.test.local\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(drain(d)).contains("connection: upgrade").contains("upgrade: websocket");
        reply(d, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: y\r\n\r\nserver-bytes");
        assertThat(p.toClient()).startsWith("HTTP/1.1 101").endsWith("\r\n\r\nserver-bytes");
        assertThat(p.client.pipeline().names()).contains("tunnel").doesNotContain("frontend", "decoder", "encoder");
        p.send("client-bytes");
        assertThat(drain(d)).isEqualTo("client-bytes");
        assertThat(p.log.await(l -> true).status()).isEqualTo(101);
        d.close();
        assertThat(p.client.isOpen()).isFalse();
        assertThat(p.toClient()).isEmpty();
    }
}
