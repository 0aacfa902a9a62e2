package paas.router;

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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.router.testkit.RouterFixture.host;

/** Every router error code that can be provoked from outside, with timeouts of 300 ms. */
class ErrorCodesIT {
    static final Duration SHORT = Duration.ofMillis(300);
    static final Duration BOOT = Duration.ofMillis(1500);
    static final Duration HEADER_READ = Duration.ofSeconds(1);
    static RouterFixture router;

    @BeforeAll
    static void start() throws Exception {
        router = new RouterFixture(RouterConfig.defaults().withTimeouts(SHORT, SHORT, SHORT, Duration.ofSeconds(5))
                .withBootTimeout(BOOT).withHeaderReadTimeout(HEADER_READ));
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
    }

    @BeforeEach
    void clear() {
        router.log.clear();
    }

    private static RawResponse get(String app) throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            return c.get(host(app), "/");
        }
    }

    private static java.util.concurrent.CompletableFuture<RawResponse> getInTheBackground(String app) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return get(app);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    /**
     * Asserts that a request to a booting app stays unanswered all through {@code window}. Being
     * held shows from outside only as the lack of an answer, so this watches for one the whole
     * time, rather than looking once at the end.
     */
    private static void assertHeld(java.util.concurrent.CompletableFuture<RawResponse> held, Duration window) {
        Awaitility.await("held while no web dyno is up").during(window).atMost(window.plusSeconds(1))
                .pollInterval(Duration.ofMillis(20)).until(() -> !held.isDone());
    }

    private static void assertErrorPage(RawResponse r, int status) {
        assertThat(r.status()).isEqualTo(status);
        assertThat(r.header("content-type")).startsWith("text/html");
        assertThat(r.bodyText()).doesNotContain("127.0.0.1").doesNotContainIgnoringCase("exception");
    }

    @Test
    void crashedAppIsH10() throws Exception {
        router.route(new Route("crashed", Set.of(), List.of(), false, Route.Unavailable.CRASHED));
        assertErrorPage(get("crashed"), 503);
        RouterLogLine line = router.log.awaitCode("H10");
        assertThat(line.text()).startsWith("at=error code=H10 desc=\"App crashed\" method=GET path=\"/\"")
                .contains(" dyno= connect= service= status=503 bytes=0 ");
    }

    @Test
    void bootingAppHoldsTheRequestThenH20() throws Exception {
        router.route(new Route("slowboot", Set.of(), List.of(), false, Route.Unavailable.BOOTING));
        long t0 = System.nanoTime();
        RawResponse r = get("slowboot");
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertErrorPage(r, 503);
        assertThat(waitedMs).as("held for the boot timeout").isGreaterThanOrEqualTo(BOOT.toMillis() - 50);
        assertThat(router.log.awaitCode("H20").text()).startsWith("at=error code=H20 desc=\"App boot timeout\" method=GET")
                .contains(" status=503 ");
    }

    @Test
    void bootingAppServesHeldRequestsOnceAWebDynoIsUp() throws Exception {
        try (JdkBackend dyno = new JdkBackend("web.1")) {
            router.route(new Route("booting", Set.of(), List.of(), false, Route.Unavailable.BOOTING));
            var held = getInTheBackground("booting");
            assertHeld(held, Duration.ofMillis(400));
            router.route(new Route("booting", Set.of(), List.of(dyno.backend()), false, Route.Unavailable.BOOTING));
            RawResponse r = held.get(5, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            assertThat(dyno.requests()).isEqualTo(1);
            assertThat(router.log.lines()).noneMatch(l -> l.text().contains("code=H"));
        }
    }

    @Test
    void bootingAppThatCrashesMeanwhileIsH10() throws Exception {
        router.route(new Route("bootfail", Set.of(), List.of(), false, Route.Unavailable.BOOTING));
        var held = getInTheBackground("bootfail");
        assertHeld(held, Duration.ofMillis(300));
        router.route(new Route("bootfail", Set.of(), List.of(), false, Route.Unavailable.CRASHED));
        assertErrorPage(held.get(5, TimeUnit.SECONDS), 503);
        assertThat(router.log.awaitCode("H10").text()).contains("desc=\"App crashed\"");
    }

    @Test
    void appWithoutWebDynosIsH14() throws Exception {
        router.route(new Route("idle", List.of()));
        assertErrorPage(get("idle"), 503);
        assertThat(router.log.awaitCode("H14").text()).contains("desc=\"No web dynos running\"");
    }

    @Test
    void maintenanceModeIsH80AndReachesNoDyno() throws Exception {
        try (JdkBackend dyno = new JdkBackend("web.1")) {
            router.route(new Route("paused", List.of(dyno.backend())).withMaintenance(true));
            RawResponse r = get("paused");
            assertErrorPage(r, 503);
            assertThat(r.bodyText()).contains("maintenance");
            assertThat(router.log.awaitCode("H80").text()).contains("desc=\"Maintenance mode\"");
            assertThat(dyno.requests()).isZero();
        }
    }

    @Test
    void noFirstByteInTimeIsH12() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (JdkBackend dyno = new JdkBackend("web.1").handler(ex -> {
            await(release);
            JdkBackend.respond(ex, 200, "late");
        })) {
            router.route(new Route("slow", List.of(dyno.backend())));
            assertErrorPage(get("slow"), 503);
            RouterLogLine line = router.log.awaitCode("H12");
            assertThat(line.text()).contains("desc=\"Request timeout\"").contains("dyno=web.1").contains("status=503");
            release.countDown();
        }
    }

    @Test
    void dynoClosingWithoutAnswerIsH13() throws Exception {
        try (ScriptedBackend dyno = new ScriptedBackend("web.1", (s, in, out, self) -> self.readHead(in))) {
            router.route(new Route("hangup", List.of(dyno.backend())));
            assertErrorPage(get("hangup"), 503);
            assertThat(router.log.awaitCode("H13").text()).contains("desc=\"Connection closed without response\"");
        }
    }

    @Test
    void stalledResponseIsH15AndCutsTheClient() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedBackend dyno = new ScriptedBackend("web.1", (s, in, out, self) -> {
            self.readHead(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst ten.".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await(release);
        }); RawClient c = new RawClient(router.port())) {
            router.route(new Route("stall", List.of(dyno.backend())));
            c.send("GET / HTTP/1.1\r\nHost: " + host("stall") + "\r\n\r\n");
            assertThat(new String(c.input().readAllBytes(), StandardCharsets.US_ASCII))
                    .startsWith("HTTP/1.1 200 OK").endsWith("first ten.");
            assertThat(router.log.awaitCode("H15").text()).contains("desc=\"Idle connection\"").contains("status=503");
            release.countDown();
        }
    }

    @Test
    void garbageFromTheDynoIsH17() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedBackend dyno = new ScriptedBackend("web.1", (s, in, out, self) -> {
            self.readHead(in);
            out.write("HELLO THERE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await(release); // connected until the test saw the answer: H17 for the garbage, not H13 for a close
        })) {
            router.route(new Route("garbled", List.of(dyno.backend())));
            assertErrorPage(get("garbled"), 503);
            assertThat(router.log.awaitCode("H17").text()).contains("desc=\"Poorly formatted HTTP response\"");
            release.countDown();
        }
    }

    @Test
    void dynoClosingMidResponseIsH18() throws Exception {
        try (ScriptedBackend dyno = new ScriptedBackend("web.1", (s, in, out, self) -> {
            self.readHead(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }); RawClient c = new RawClient(router.port())) {
            router.route(new Route("partial", List.of(dyno.backend())));
            c.send("GET / HTTP/1.1\r\nHost: " + host("partial") + "\r\n\r\n");
            assertThat(new String(c.input().readAllBytes(), StandardCharsets.US_ASCII)).endsWith("partial");
            assertThat(router.log.awaitCode("H18").text()).contains("desc=\"Server Request Interrupted\"");
        }
    }

    @Test
    void clientLeavingBeforeTheAnswerIsH27With499() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (JdkBackend dyno = new JdkBackend("web.1").handler(ex -> {
            asked.countDown();
            await(release);
            JdkBackend.respond(ex, 200, "too late");
        })) {
            router.route(new Route("leaver", List.of(dyno.backend())));
            router.routes.update(router.routes.route("leaver").orElseThrow());
            try (RawClient c = new RawClient(router.port())) {
                c.send("GET / HTTP/1.1\r\nHost: " + host("leaver") + "\r\n\r\n");
                assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
            }
            RouterLogLine line = router.log.awaitCode("H27");
            assertThat(line.status()).isEqualTo(499);
            assertThat(line.text()).contains("desc=\"Client Request Interrupted\"").contains("status=499");
            release.countDown();
        }
    }

    @Test
    void clientStallingItsBodyIsH28() throws Exception {
        try (JdkBackend dyno = new JdkBackend("web.1"); RawClient c = new RawClient(router.port())) {
            router.route(new Route("upload", List.of(dyno.backend())));
            c.send("POST / HTTP/1.1\r\nHost: " + host("upload") + "\r\nContent-Length: 100\r\n\r\nonly a part");
            assertThat(c.closedByPeer()).isTrue();
            assertThat(router.log.awaitCode("H28").status()).isEqualTo(499);
        }
    }

    /** A dyno that answers each request with the number of header lines it got. */
    static ScriptedBackend countingHeaders() throws java.io.IOException {
        return new ScriptedBackend("web.1", (sock, in, out, self) -> {
            for (String head = self.readHead(in); head != null; head = self.readHead(in)) {
                String count = Integer.toString(head.split("\r\n").length - 1);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + count.length() + "\r\n\r\n" + count)
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        });
    }

    private static String headWith(String app, int fields, String extraLine) {
        StringBuilder sb = new StringBuilder("GET / HTTP/1.1\r\nHost: ").append(host(app)).append("\r\n");
        for (int i = 1; i < fields; i++) {
            sb.append("X-Header-").append(i).append(": value\r\n");
        }
        return sb.append(extraLine).append("\r\n").toString();
    }

    private static RawResponse send(String raw) throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            return c.send(raw).read();
        }
    }

    @Test
    void headerLimitsAreHerokus1000FieldsAnd8KiBPerLineWith431() throws Exception {
        try (ScriptedBackend dyno = countingHeaders()) {
            router.route(new Route("headers", List.of(dyno.backend())));
            String flood = headWith("headers", 2000, "");
            assertThat(flood.length()).as("the flood seen in the load test: ~23 KB, under the 64 KiB head limit")
                    .isBetween(20_000, 60_000);
            RawResponse tooMany = send(flood);
            assertErrorPage(tooMany, 431);
            assertThat(tooMany.header("connection")).isEqualTo("close");
            assertErrorPage(send(headWith("headers", 1001, "")), 431);
            assertErrorPage(send(headWith("headers", 1, "X-Long: " + "x".repeat(8193 - 8) + "\r\n")), 431);
            assertThat(dyno.requests()).as("no refused head reached the dyno").isZero();

            RawResponse thousand = send(headWith("headers", 1000, ""));
            assertThat(thousand.status()).isEqualTo(200);
            assertThat(Integer.parseInt(thousand.bodyText())).as("1000 fields and the forwarding headers").isGreaterThan(1000);
            assertThat(send(headWith("headers", 1, "X-Long: " + "x".repeat(8192 - 8) + "\r\n")).status()).isEqualTo(200);
            assertThat(dyno.requests()).isEqualTo(2);
        }
    }

    @Test
    void aClientStuckHalfwayThroughItsHeadIsClosedAfterTheHeaderReadTimeoutWhileOthersAreServed() throws Exception {
        try (JdkBackend dyno = new JdkBackend("web.1"); RawClient slow = new RawClient(router.port());
             RawClient other = new RawClient(router.port())) {
            router.route(new Route("slowhead", List.of(dyno.backend())));
            slow.send("GET / HTTP/1.1\r\nHost: " + host("slowhead") + "\r\nX-Half: ");
            for (int i = 0; i < 3; i++) {
                assertThat(other.get(host("slowhead"), "/").status()).isEqualTo(200);
            }
            // A 408, not the silent close of the keep-alive timeout: the header-read timeout fired.
            RawResponse answer = slow.read();
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.header("connection")).isEqualTo("close");
            assertThat(slow.closedByPeer()).isTrue();
            assertThat(dyno.requests()).isEqualTo(3);
            assertThat(other.get(host("slowhead"), "/").status()).as("the other client's connection lives on").isEqualTo(200);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
