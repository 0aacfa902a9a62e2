package paas.router;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import paas.router.testkit.JdkBackend;
import paas.router.testkit.RawClient;
import paas.router.testkit.RawResponse;
import paas.router.testkit.RouterFixture;
import paas.router.testkit.ScriptedBackend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.router.testkit.RouterFixture.host;

/** Connection failures towards dynos: retry elsewhere, quarantine, and H21 / H19 when nothing is left. */
class FailoverIT {
    static final Duration QUARANTINE = Duration.ofSeconds(3);
    static RouterFixture router;

    @BeforeAll
    static void start() throws Exception {
        Duration connect = Duration.ofMillis(300);
        router = new RouterFixture(RouterConfig.defaults()
                .withTimeouts(connect, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withQuarantine(QUARANTINE));
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
    }

    @BeforeEach
    void clear() {
        router.log.clear();
    }

    /** Log lines of one app: lines of an earlier test may still be arriving (the log is asynchronous). */
    static List<RouterLogLine> linesOf(String app) {
        return router.log.lines().stream().filter(l -> l.app().equals(app)).toList();
    }

    /** A port on which nothing listens: connecting to it is refused. */
    static int refusingPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void refusedConnectionIsRetriedOnAnotherDynoAndTheDynoIsQuarantined() throws Exception {
        int deadPort = refusingPort();
        try (JdkBackend live = new JdkBackend("web.2")) {
            router.route(new Route("flaky", List.of(new Backend("web.1", "127.0.0.1", deadPort), live.backend())));
            try (RawClient c = new RawClient(router.port())) {
                for (int i = 0; i < 20; i++) {
                    RawResponse r = c.get(host("flaky"), "/");
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.bodyText()).isEqualTo("web.2");
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> linesOf("flaky").size() == 20);
            assertThat(linesOf("flaky")).noneMatch(RouterLogLine::isError);

            // web.1 comes back at once, but stays out of rotation until its quarantine is over.
            AtomicInteger revived = new AtomicInteger();
            HttpServer back = HttpServer.create(new InetSocketAddress("127.0.0.1", deadPort), 50);
            back.createContext("/", ex -> {
                revived.incrementAndGet();
                JdkBackend.respond(ex, 200, "web.1");
                ex.close();
            });
            back.start();
            try (RawClient c = new RawClient(router.port())) {
                for (int i = 0; i < 10; i++) {
                    assertThat(c.get(host("flaky"), "/").bodyText()).isEqualTo("web.2");
                }
                assertThat(revived.get()).isZero();
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                    c.get(host("flaky"), "/");
                    return revived.get() > 0;
                });
            } finally {
                back.stop(0);
            }
        }
    }

    /** Answers the first request of each connection and keeps it open, then drops the connection on the next. */
    static ScriptedBackend oneAnswerPerConnection() throws IOException {
        return new ScriptedBackend("web.1", (s, in, out, self) -> {
            String head = self.readHead(in);
            ScriptedBackend.readBody(in, head);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            self.readHead(in);
        });
    }

    @Test
    void aPooledConnectionThatDiesUnansweredIsRetriedOnceForAnIdempotentRequest() throws Exception {
        try (ScriptedBackend dyno = oneAnswerPerConnection(); RawClient c = new RawClient(router.port())) {
            router.route(new Route("stale", List.of(dyno.backend())));
            assertThat(c.get(host("stale"), "/").status()).isEqualTo(200);
            assertThat(c.get(host("stale"), "/").status()).isEqualTo(200);
            assertThat(dyno.connections()).isEqualTo(2);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> linesOf("stale").size() == 2);
            assertThat(linesOf("stale")).noneMatch(RouterLogLine::isError);
        }
    }

    @Test
    void aPooledConnectionThatDiesUnderAPostIsH13NotARetry() throws Exception {
        try (ScriptedBackend dyno = oneAnswerPerConnection(); RawClient c = new RawClient(router.port())) {
            router.route(new Route("stalepost", List.of(dyno.backend())));
            assertThat(c.get(host("stalepost"), "/").status()).isEqualTo(200);
            c.send("POST / HTTP/1.1\r\nHost: " + host("stalepost") + "\r\nContent-Length: 4\r\n\r\ndata");
            assertThat(c.read().status()).isEqualTo(503);
            assertThat(router.log.awaitCode("H13")).isNotNull();
            assertThat(dyno.connections()).isEqualTo(1);
        }
    }

    @Test
    void everyDynoRefusingIsH21() throws Exception {
        router.route(new Route("down", List.of(new Backend("web.1", "127.0.0.1", refusingPort()),
                new Backend("web.2", "127.0.0.1", refusingPort()))));
        try (RawClient c = new RawClient(router.port())) {
            RawResponse r = c.get(host("down"), "/");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.bodyText()).doesNotContain("127.0.0.1");
        }
        RouterLogLine line = router.log.awaitCode("H21");
        assertThat(line.text()).contains("desc=\"Backend connection refused\"").contains("status=503");
        assertThat(linesOf("down")).hasSize(1);
    }

    @Test
    void connectTimeoutIsH19() throws Exception {
        // A listener with a full accept queue: the kernel drops further SYNs, so connecting hangs.
        ServerSocket full = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        List<Socket> fillers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                Socket s = new Socket();
                try {
                    s.connect(full.getLocalSocketAddress(), 200);
                    fillers.add(s);
                } catch (IOException queueFull) {
                    s.close();
                    break;
                }
            }
            router.route(new Route("stuck", List.of(new Backend("web.1", "127.0.0.1", full.getLocalPort()))));
            try (RawClient c = new RawClient(router.port())) {
                assertThat(c.get(host("stuck"), "/").status()).isEqualTo(503);
            }
            assertThat(router.log.awaitCode("H19").text()).contains("desc=\"Backend connection timeout\"");
        } finally {
            for (Socket s : fillers) {
                s.close();
            }
            full.close();
        }
    }
}
