package paas.router;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.router.testkit.RawClient;
import paas.router.testkit.RawResponse;
import paas.router.testkit.RouterFixture;
import paas.router.testkit.WebSocketEcho;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.router.testkit.RouterFixture.host;

class WebSocketIT {
    static RouterFixture router;
    static WebSocketEcho echo;

    @BeforeAll
    static void start() throws Exception {
        router = new RouterFixture(RouterConfig.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofSeconds(5)));
        echo = new WebSocketEcho();
        router.route(new Route("chat", List.of(echo.backend())));
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
        echo.close();
    }

    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    static RawResponse handshake(RawClient c) throws Exception {
        c.send("GET /ws HTTP/1.1\r\nHost: " + host("chat") + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n\r\n");
        return c.read(true);
    }

    @Test
    void relaysAWebsocketBothWays() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            RawResponse r = handshake(c);
            assertThat(r.status()).isEqualTo(101);
            assertThat(r.header("upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(r.header("connection")).isEqualToIgnoringCase("upgrade");
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((KEY + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            assertThat(r.header("sec-websocket-accept")).isEqualTo(Base64.getEncoder().encodeToString(sha1));

            for (String text : List.of("hello", "second message", "x".repeat(100))) {
                c.send(maskedTextFrame(text));
                assertThat(readTextFrame(c.input())).isEqualTo("echo: " + text);
            }
        }
        RouterLogLine line = router.log.await(l -> l.app().equals("chat"));
        assertThat(line.status()).isEqualTo(101);
        assertThat(line.text()).contains("path=\"/ws\"").contains("status=101");
    }

    @Test
    void idleWebsocketIsClosedAfterTheIdleTimeout() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            assertThat(handshake(c).status()).isEqualTo(101);
            c.send(maskedTextFrame("ping"));
            assertThat(readTextFrame(c.input())).isEqualTo("echo: ping");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    static String readTextFrame(InputStream in) throws IOException {
        int b0 = in.read();
        int len = in.read() & 0x7f;
        assertThat(b0).isEqualTo(0x81);
        if (len == 126) {
            len = (in.read() << 8) | in.read();
        }
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }
}
