package paas.router;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import paas.router.testkit.DyingBackend;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
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

    /** docker-proxy in front of a container that is gone: the connect succeeds, then the connection closes. */
    static ScriptedBackend acceptsAndCloses() throws IOException {
        return new ScriptedBackend("web.1", (sock, in, out, self) -> { });
    }

    /** A dyno that dies with the request: reads the head, then closes without a response byte. */
    static ScriptedBackend readsAndCloses() throws IOException {
        return new ScriptedBackend("web.1", (sock, in, out, self) -> self.readHead(in));
    }

    @Test
    void getsToADynoBehindDockerProxyThatIsGoneAllSucceedAndItIsQuarantinedAtOnce() throws Exception {
        try (ScriptedBackend dead = acceptsAndCloses(); JdkBackend web2 = new JdkBackend("web.2");
             JdkBackend web3 = new JdkBackend("web.3"); RawClient c = new RawClient(router.port())) {
            router.route(new Route("ghost", List.of(dead.backend(), web2.backend(), web3.backend())));
            AtomicInteger sent = new AtomicInteger();
            // Until the balancer happens to pick the dead dyno once (2 in 3 picks miss it).
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
                RawResponse r = c.get(host("ghost"), "/");
                sent.incrementAndGet();
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bodyText()).isIn("web.2", "web.3");
                return dead.connections() > 0;
            });
            int deadConnections = dead.connections();
            for (int i = 0; i < 20; i++) {
                assertThat(c.get(host("ghost"), "/").status()).isEqualTo(200);
            }
            assertThat(dead.connections()).as("quarantined after its first failure").isEqualTo(deadConnections);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> linesOf("ghost").size() == sent.get() + 20);
            assertThat(linesOf("ghost")).noneMatch(RouterLogLine::isError)
                    .allSatisfy(l -> assertThat(l.dyno()).isIn("web.2", "web.3"));
        }
    }

    @Test
    void aGetTheDynoTookDownWithItIsRetriedOnAnotherOneButAPostIsH13AndNeverReplayed() throws Exception {
        try (ScriptedBackend dead = readsAndCloses(); JdkBackend web2 = new JdkBackend("web.2");
             RawClient c = new RawClient(router.port())) {
            router.route(new Route("crash", List.of(dead.backend(), web2.backend())));
            String post = "POST / HTTP/1.1\r\nHost: " + host("crash") + "\r\nContent-Length: 4\r\n\r\ndata";
            int ok = 0;
            while (dead.requests() == 0 && ok < 200) {
                RawResponse r = c.send(post).read();
                if (r.status() == 200) {
                    ok++;
                } else {
                    assertThat(r.status()).isEqualTo(503);
                }
            }
            assertThat(dead.requests()).isEqualTo(1);
            RouterLogLine h13 = router.log.awaitCode("H13");
            assertThat(h13.dyno()).isEqualTo("web.1");
            assertThat(web2.requests()).as("the POST the dead dyno got was not sent again").isEqualTo(ok);

            // Quarantined: the next POSTs all go to web.2. Once the quarantine is over, a GET
            // that web.1 takes down with it is answered by web.2.
            for (int i = 0; i < 10; i++) {
                assertThat(c.send(post).read().status()).isEqualTo(200);
            }
            assertThat(dead.requests()).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> {
                RawResponse r = c.get(host("crash"), "/");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bodyText()).isEqualTo("web.2");
                return dead.requests() > 1;
            });
        }
    }

    /**
     * Clients on keep-alive connections, GETs and POSTs, three dynos; one dies mid-run with
     * requests in flight. Only requests in flight when it died may fail (and of those only POSTs,
     * since a GET that got nothing back is retried), and the dead dyno is not tried again and again.
     */
    @ParameterizedTest
    @EnumSource(DyingBackend.Death.class)
    void whenADynoDiesUnderLoadOnlyTheRequestsItHadTakenFail(DyingBackend.Death how) throws Exception {
        int clients = 12;
        try (DyingBackend web1 = new DyingBackend("web.1"); DyingBackend web2 = new DyingBackend("web.2");
             DyingBackend web3 = new DyingBackend("web.3");
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            String app = "load" + how.ordinal();
            router.route(new Route(app, List.of(web1.backend(), web2.backend(), web3.backend())));
            AtomicBoolean dead = new AtomicBoolean();
            AtomicInteger failures = new AtomicInteger();
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger answeredAfterDeath = new AtomicInteger();
            ConcurrentHashMap<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<Future<?>> running = new ArrayList<>();
            for (int n = 0; n < clients; n++) {
                int client = n;
                running.add(pool.submit(() -> {
                    RawClient c = new RawClient(router.port());
                    try {
                        for (int i = 0; answeredAfterDeath.get() < clients * 20; i++) {
                            boolean post = (i + client) % 2 == 0;
                            boolean afterDeath = dead.get();
                            RawResponse r;
                            inFlight.incrementAndGet();
                            try {
                                r = post ? c.send("POST / HTTP/1.1\r\nHost: " + host(app)
                                        + "\r\nContent-Length: 2\r\n\r\nhi").read() : c.get(host(app), "/");
                            } catch (IOException cut) {
                                inFlight.decrementAndGet();
                                failures.incrementAndGet();
                                c.close();
                                c = new RawClient(router.port());
                                continue;
                            }
                            inFlight.decrementAndGet();
                            statuses.computeIfAbsent(r.status() + (post ? " POST" : " GET"), k -> new AtomicInteger())
                                    .incrementAndGet();
                            if (r.status() != 200) {
                                failures.incrementAndGet();
                            }
                            if (afterDeath) {
                                answeredAfterDeath.incrementAndGet();
                            }
                        }
                    } finally {
                        c.close();
                    }
                    return null;
                }));
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> web1.answered() >= 50);
            web1.holdAnswers();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> web1.held() >= 3);
            dead.set(true);
            web1.die(how);
            int inFlightAtDeath = inFlight.get();
            for (Future<?> f : running) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(failures.get()).as("failures of %s; %s in flight when web.1 died, %s of them read by it",
                    statuses, inFlightAtDeath, web1.swallowed()).isLessThanOrEqualTo(inFlightAtDeath);
            assertThat(statuses).doesNotContainKey("503 GET");
            assertThat(web1.acceptedAfterDeath()).as("connections to the dead dyno, quarantined after its first failure")
                    .isLessThanOrEqualTo(clients);
        }
    }
}
