package paas.api.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.api.auth.AuthBackoff;
import paas.api.auth.Authenticator;
import paas.api.dynos.OneOffAttachment;
import paas.api.http.ApiResponse;
import paas.api.http.ApiServer;
import paas.api.http.Endpoints;
import paas.api.http.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The streaming endpoints over real sockets, spoken as the CLI speaks them (docs/api.md). */
class StreamHandlerTest {
    private static final ObjectMapper mapper = new ObjectMapper();
    private static final FakeSessions sessions = new FakeSessions();
    private static ApiServer server;

    @BeforeAll
    static void start() throws Exception {
        Json json = new Json();
        ExecutorService workers = ApiServer.newWorkers();
        Endpoints endpoints = Endpoints.builder()
                .publicGet("/health", request -> ApiResponse.ok(Map.of("status", "ok")))
                .build();
        List<Supplier<ChannelHandler>> handlers = List.of(() -> new StreamHandler(sessions, workers, json));
        server = ApiServer.start("127.0.0.1", 0, endpoints, new Authenticator(null, new AuthBackoff(AuthBackoff.Policy.defaults(), Clock.systemUTC())), json,
                new ApiServer.Streaming(handlers, StreamHandler::isBusy), workers);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Wire connect() throws IOException {
        return new Wire(server.port());
    }

    // ---- logs ----

    @Test
    void logLinesArriveInOrderAndTheResponseEndsWithTheStream() throws Exception {
        FakeSessions.ScriptedLog stream = new FakeSessions.ScriptedLog().add("one", "two", "three").finish();
        sessions.log("history", stream);
        try (Wire wire = connect()) {
            wire.send(Wire.get("/log-sessions/history", FakeSessions.TOKEN));
            Wire.Head head = wire.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(head.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(head.header("Request-Id")).isNotBlank();
            StringBuilder body = new StringBuilder();
            for (String chunk = wire.readChunk(); chunk != null; chunk = wire.readChunk()) {
                body.append(chunk);
            }
            assertThat(body.toString()).isEqualTo("one\ntwo\nthree\n");
            assertThat(wire.closedByServer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(stream::closed);
    }

    @Test
    void tailDeliversEachLineAsItIsProduced() throws Exception {
        FakeSessions.ScriptedLog stream = new FakeSessions.ScriptedLog().add("history");
        sessions.log("tail", stream);
        try (Wire wire = connect()) {
            wire.send(Wire.get("/log-sessions/tail", FakeSessions.TOKEN));
            assertThat(wire.readHead().status()).isEqualTo(200);
            assertThat(wire.readChunk()).isEqualTo("history\n");
            stream.add("later");
            assertThat(wire.readChunk()).isEqualTo("later\n");
            stream.add("last").finish();
            assertThat(wire.readChunk()).isEqualTo("last\n");
            assertThat(wire.readChunk()).isNull();
        }
    }

    @Test
    void clientDisconnectClosesTheLogStreamAndStopsItsWorker() throws Exception {
        FakeSessions.ScriptedLog stream = new FakeSessions.ScriptedLog().add("hello");
        sessions.log("leaving", stream);
        try (Wire wire = connect()) {
            wire.send(Wire.get("/log-sessions/leaving", FakeSessions.TOKEN));
            assertThat(wire.readHead().status()).isEqualTo(200);
            assertThat(wire.readChunk()).isEqualTo("hello\n");
        }
        await().atMost(Duration.ofSeconds(3)).until(stream::closed);
        await().atMost(Duration.ofSeconds(3)).until(() -> !stream.reader.isAlive());
    }

    @Test
    void slowLogReaderHoldsTheWorkerBackInsteadOfFillingMemory() throws Exception {
        FakeSessions.EndlessLog stream = new FakeSessions.EndlessLog();
        sessions.log("firehose", stream);
        try (Wire wire = new Wire(server.port(), 16 * 1024)) {
            wire.send(Wire.get("/log-sessions/firehose", FakeSessions.TOKEN));
            assertThat(wire.readHead().status()).isEqualTo(200);
            // Not reading: the worker must stop taking lines once the socket and Netty's buffer are full.
            int[] last = {-1};
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                int now = stream.produced.get();
                boolean stalled = now == last[0];
                last[0] = now;
                return stalled;
            });
            int stalledAt = stream.produced.get();
            // ~100 bytes a line: far below this many MB means the backlog is bounded by buffers.
            assertThat((long) stalledAt * 100).isLessThan(64L * 1024 * 1024);

            // Reading again resumes the stream, in order and without gaps.
            StringBuilder pending = new StringBuilder();
            int expected = 0;
            while (expected <= stalledAt + 1_000) {
                pending.append(wire.readChunk());
                int end;
                while ((end = pending.indexOf("\n")) >= 0) {
                    assertThat(pending.substring(0, end)).isEqualTo(expected + " " + FakeSessions.EndlessLog.PADDING);
                    pending.delete(0, end + 1);
                    expected++;
                }
            }
        }
    }

    @Test
    void logSessionRefusalsAreJsonErrors() throws Exception {
        try (Wire wire = connect()) {
            wire.send(Wire.get("/log-sessions/whatever", null));
            Wire.Head head = wire.readHead();
            assertThat(head.status()).isEqualTo(401);
            assertThat(head.header("WWW-Authenticate")).isEqualTo("Basic realm=\"paas\"");
            assertThat(head.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            assertThat(head.header("Request-Id")).isNotBlank();
            JsonNode body = mapper.readTree(wire.readBody(head));
            assertThat(body.get("id").asText()).isEqualTo("unauthorized");
            assertThat(body.get("message").asText()).contains("Authorization: Bearer");
        }
        String requestId = "a-request-id-from-the-client-0001";
        try (Wire wire = connect()) {
            wire.send(Wire.get("/log-sessions/unknown", FakeSessions.TOKEN, "X-Request-Id: " + requestId));
            Wire.Head head = wire.readHead();
            assertThat(head.status()).isEqualTo(404);
            assertThat(head.header("Request-Id")).isEqualTo(requestId);
            JsonNode body = mapper.readTree(wire.readBody(head));
            assertThat(body.get("id").asText()).isEqualTo("not_found");
            assertThat(body.get("message").asText()).contains("no such log session");
        }
    }

    // ---- one-off dynos ----

    /** Copies standard input to standard output until its end, then exits with 3. */
    private static final OneOffAttachment ECHO = (stdin, stdout, stderr) -> {
        try {
            stdin.transferTo(stdout);
            stderr.write("done".getBytes(StandardCharsets.UTF_8));
            return 3;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    };

    @Test
    void resizeFramesReachTheRunningSessionAndAMalformedOneIsIgnored() throws Exception {
        List<String> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        sessions.run("sized", new OneOffAttachment() {
            @Override
            public int run(java.io.InputStream stdin, java.io.OutputStream stdout, java.io.OutputStream stderr)
                    throws InterruptedException {
                return ECHO.run(stdin, stdout, stderr);
            }

            @Override
            public void resize(int rows, int columns) {
                sizes.add(rows + "x" + columns);
            }
        });
        try (Wire wire = connect()) {
            wire.send(Wire.upgrade("/run-sessions/sized", FakeSessions.TOKEN));
            assertThat(wire.readHead().status()).isEqualTo(101);
            wire.send(Wire.frame(Frames.RESIZE, java.nio.ByteBuffer.allocate(8).putInt(50).putInt(120).array()),
                    Wire.frame(Frames.RESIZE, new byte[] {1, 2, 3}), Wire.stdin("typed"), Wire.stdinEof());
            Output output = readUntilEnd(wire);
            assertThat(output.stdout()).isEqualTo("typed");
            assertThat(output.end().status()).isEqualTo(3);
        }
        assertThat(sizes).containsExactly("50x120");
    }

    @Test
    void runSessionEchoesStandardInputAndEndsWithTheExitStatus() throws Exception {
        sessions.run("echo", ECHO);
        try (Wire wire = connect()) {
            wire.send(Wire.upgrade("/run-sessions/echo", FakeSessions.TOKEN));
            Wire.Head head = wire.readHead();
            assertThat(head.status()).isEqualTo(101);
            assertThat(head.header("Upgrade")).isEqualTo("paas-run");
            assertThat(head.header("Connection")).isEqualToIgnoringCase("upgrade");
            wire.send(Wire.stdin("hello "));
            wire.send(Wire.stdin("world"), Wire.stdinEof());
            Output output = readUntilEnd(wire);
            assertThat(output.stdout()).isEqualTo("hello world");
            assertThat(output.stderr()).isEqualTo("done");
            assertThat(output.end().type()).isEqualTo(Frames.EXIT);
            assertThat(output.end().status()).isEqualTo(3);
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void framesSentInTheSamePacketAsTheUpgradeRequestAreNotLost() throws Exception {
        sessions.run("eager", ECHO);
        try (Wire wire = connect()) {
            // Header names and values in other cases, as some clients send them.
            wire.send(Wire.get("/run-sessions/eager", FakeSessions.TOKEN, "connection: keep-alive, UPGRADE",
                    "upgrade: PAAS-RUN"), Wire.stdin("\u0000\u0001 binary-ish\r\n\r\n"), Wire.frame(9, new byte[3]),
                    Wire.stdin("GET / HTTP/1.1\r\n"), Wire.stdinEof());
            assertThat(wire.readHead().status()).isEqualTo(101);
            Output output = readUntilEnd(wire);
            assertThat(output.stdout()).isEqualTo("\u0000\u0001 binary-ish\r\n\r\nGET / HTTP/1.1\r\n");
            assertThat(output.end().status()).isEqualTo(3);
        }
    }

    @Test
    void framesSentBeforeTheUpgradeIsAnsweredAreNotLost() throws Exception {
        CountDownLatch framesSent = new CountDownLatch(1);
        sessions.run("early", ECHO);
        Sessions slowToClaim = new Sessions() {
            @Override
            public LogStream openLog(String authorization, String secret, StreamConnection connection) {
                return sessions.openLog(authorization, secret, connection);
            }

            @Override
            public OneOffAttachment openRun(String authorization, String secret, StreamConnection connection) {
                try {
                    framesSent.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return sessions.openRun(authorization, secret, connection);
            }
        };
        try (ApiServer own = startWith(slowToClaim); Wire wire = new Wire(own.port())) {
            wire.send(Wire.upgrade("/run-sessions/early", FakeSessions.TOKEN));
            wire.send(Wire.stdin("typed ahead"));
            wire.send(Wire.stdinEof());
            framesSent.countDown();
            assertThat(wire.readHead().status()).isEqualTo(101);
            Output output = readUntilEnd(wire);
            assertThat(output.stdout()).isEqualTo("typed ahead");
            assertThat(output.end().status()).isEqualTo(3);
        }
    }

    @Test
    void aDynoThatCannotStartEndsWithAnErrorFrame() throws Exception {
        sessions.run("broken", (stdin, stdout, stderr) -> {
            throw new IllegalStateException("the release's slug is missing; deploy again");
        });
        try (Wire wire = connect()) {
            wire.send(Wire.upgrade("/run-sessions/broken", FakeSessions.TOKEN));
            assertThat(wire.readHead().status()).isEqualTo(101);
            Wire.Frame frame = wire.readFrame();
            assertThat(frame.type()).isEqualTo(Frames.ERROR);
            assertThat(frame.text()).isEqualTo("the release's slug is missing; deploy again");
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void clientDisconnectInterruptsTheRunningDyno() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        sessions.run("abandoned", (stdin, stdout, stderr) -> {
            try {
                stdout.write("$ ".getBytes(StandardCharsets.UTF_8));
                new CountDownLatch(1).await();
                return 0;
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Wire wire = connect()) {
            wire.send(Wire.upgrade("/run-sessions/abandoned", FakeSessions.TOKEN));
            assertThat(wire.readHead().status()).isEqualTo(101);
            assertThat(wire.readFrame().text()).isEqualTo("$ ");
        }
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFrameOverTheLimitClosesTheConnectionAndKillsTheDyno() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        sessions.run("oversized", (stdin, stdout, stderr) -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return 0;
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });
        try (Wire wire = connect()) {
            wire.send(Wire.upgrade("/run-sessions/oversized", FakeSessions.TOKEN));
            assertThat(wire.readHead().status()).isEqualTo(101);
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            wire.send(new byte[] {Frames.STDIN, 0, 1, 0, 1});
            assertThat(wire.closedByServer()).isTrue();
        }
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runSessionRefusalsAreJsonErrors() throws Exception {
        try (Wire wire = connect()) {
            wire.send(Wire.upgrade("/run-sessions/anything", "not-the-token"));
            Wire.Head head = wire.readHead();
            assertThat(head.status()).isEqualTo(401);
            assertThat(head.header("WWW-Authenticate")).isEqualTo("Basic realm=\"paas\"");
            assertThat(mapper.readTree(wire.readBody(head)).get("id").asText()).isEqualTo("unauthorized");
            assertThat(wire.closedByServer()).isTrue();
        }
        try (Wire wire = connect()) {
            // Frames sent optimistically behind a refused upgrade are discarded with the connection.
            wire.send(Wire.upgrade("/run-sessions/used-already", FakeSessions.TOKEN), Wire.stdin("ls\n"));
            Wire.Head head = wire.readHead();
            assertThat(head.status()).isEqualTo(404);
            assertThat(mapper.readTree(wire.readBody(head)).get("id").asText()).isEqualTo("not_found");
            assertThat(wire.closedByServer()).isTrue();
        }
    }

    @Test
    void runSessionWithoutUpgradeHeadersIsABadRequestThatLeavesTheSessionUnused() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        sessions.run("plain", (stdin, stdout, stderr) -> {
            ran.set(true);
            return 0;
        });
        int callsBefore = sessions.calls.get();
        try (Wire wire = connect()) {
            wire.send(Wire.get("/run-sessions/plain", FakeSessions.TOKEN));
            Wire.Head head = wire.readHead();
            assertThat(head.status()).isEqualTo(400);
            JsonNode body = mapper.readTree(wire.readBody(head));
            assertThat(body.get("id").asText()).isEqualTo("bad_request");
            assertThat(body.get("message").asText()).contains("Connection: Upgrade").contains("Upgrade: paas-run");
        }
        assertThat(sessions.calls.get()).isEqualTo(callsBefore);
        assertThat(ran).isFalse();
        try (Wire wire = connect()) {
            wire.send(Wire.upgrade("/run-sessions/plain", FakeSessions.TOKEN));
            assertThat(wire.readHead().status()).isEqualTo(101);
            assertThat(wire.readFrame().type()).isEqualTo(Frames.EXIT);
        }
        assertThat(ran).isTrue();
    }

    // ---- everything else ----

    @Test
    void ordinaryRequestsPassThroughOnTheSameServer() throws Exception {
        try (Wire wire = connect()) {
            wire.send(Wire.get("/health", null));
            Wire.Head head = wire.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(mapper.readTree(wire.readBody(head)).get("status").asText()).isEqualTo("ok");

            // Same connection: a request with a body (its content must pass through too), then
            // paths that only look like the streaming ones.
            wire.send("POST /health HTTP/1.1\r\nHost: paas.test\r\nContent-Length: 2\r\n\r\n{}");
            head = wire.readHead();
            assertThat(head.status()).isEqualTo(405);
            assertThat(mapper.readTree(wire.readBody(head)).get("id").asText()).isEqualTo("method_not_allowed");

            wire.send("POST /log-sessions/x HTTP/1.1\r\nHost: paas.test\r\nContent-Length: 2\r\n\r\n{}");
            head = wire.readHead();
            assertThat(head.status()).isEqualTo(404);
            wire.readBody(head);

            wire.send(Wire.get("/log-sessions/a/b", FakeSessions.TOKEN));
            head = wire.readHead();
            assertThat(head.status()).isEqualTo(404);
            assertThat(mapper.readTree(wire.readBody(head)).get("message").asText()).contains("no such path");
        }
    }

    // ---- helpers ----

    private record Output(String stdout, String stderr, Wire.Frame end) {
    }

    private static Output readUntilEnd(Wire wire) throws IOException {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        while (true) {
            Wire.Frame frame = wire.readFrame();
            switch (frame.type()) {
                case Frames.STDOUT -> stdout.writeBytes(frame.payload());
                case Frames.STDERR -> stderr.writeBytes(frame.payload());
                default -> {
                    return new Output(stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8),
                            frame);
                }
            }
        }
    }

    private static ApiServer startWith(Sessions own) throws InterruptedException {
        Json json = new Json();
        ExecutorService workers = ApiServer.newWorkers();
        return ApiServer.start("127.0.0.1", 0, Endpoints.builder().build(), new Authenticator(null, new AuthBackoff(AuthBackoff.Policy.defaults(), Clock.systemUTC())), json,
                new ApiServer.Streaming(List.of(() -> new StreamHandler(own, workers, json)), StreamHandler::isBusy),
                workers);
    }
}
