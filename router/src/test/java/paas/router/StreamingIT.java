package paas.router;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.router.testkit.JdkBackend;
import paas.router.testkit.RawClient;
import paas.router.testkit.RawResponse;
import paas.router.testkit.RouterFixture;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static paas.router.testkit.RouterFixture.host;

/**
 * Bodies stream through the router in both directions without being gathered: while one side
 * stops reading, the other side stalls long before 50 MB, and the router's buffers stay small.
 */
class StreamingIT {
    static final long SIZE = 50L * 1024 * 1024;
    static final int BLOCK = 64 * 1024;
    static RouterFixture router;

    @BeforeAll
    static void start() throws Exception {
        router = new RouterFixture(RouterConfig.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
    }

    static byte patternAt(long i) {
        return (byte) (i % 251);
    }

    static long usedRouterBufferMemory() {
        var metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        return metric.usedDirectMemory() + metric.usedHeapMemory();
    }

    @Test
    void largeDownloadStreamsWithBackpressure() throws Exception {
        AtomicLong written = new AtomicLong();
        AtomicBoolean finished = new AtomicBoolean();
        try (JdkBackend dyno = new JdkBackend("web.1").handler(ex -> {
            ex.sendResponseHeaders(200, 0);
            byte[] block = new byte[BLOCK];
            try (OutputStream out = ex.getResponseBody()) {
                for (long sent = 0; sent < SIZE; sent += BLOCK) {
                    for (int i = 0; i < BLOCK; i++) {
                        block[i] = patternAt(sent + i);
                    }
                    out.write(block);
                    written.addAndGet(BLOCK);
                }
            }
            finished.set(true);
        }); RawClient c = new RawClient(router.port())) {
            router.route(new Route("files", List.of(dyno.backend())));
            c.send("GET /big HTTP/1.1\r\nHost: " + host("files") + "\r\n\r\n");
            assertThat(c.input().read()).isEqualTo('H');

            Thread.sleep(700); // the client reads nothing meanwhile
            long stalledAt = written.get();
            assertThat(finished).isFalse();
            assertThat(stalledAt).isLessThan(SIZE / 2);
            assertThat(usedRouterBufferMemory()).isLessThan(16L * 1024 * 1024);

            String head = "H" + readHead(c.input());
            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            long received = readChunkedChecked(c.input());
            assertThat(received).isEqualTo(SIZE);
            assertThat(finished).isTrue();
        }
    }

    @Test
    void largeUploadStreamsWithBackpressure() throws Exception {
        CountDownLatch dynoMayRead = new CountDownLatch(1);
        AtomicLong dynoReceived = new AtomicLong();
        AtomicBoolean intact = new AtomicBoolean(true);
        try (JdkBackend dyno = new JdkBackend("web.1").handler(ex -> {
            byte[] buf = new byte[BLOCK];
            try (InputStream in = ex.getRequestBody()) {
                int n = in.read(buf);
                dynoReceived.addAndGet(Math.max(n, 0));
                await(dynoMayRead);
                long at = Math.max(n, 0);
                for (int i = 0; i < n; i++) {
                    intact.compareAndSet(buf[i] != patternAt(i), false);
                }
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != patternAt(at + i)) {
                            intact.set(false);
                        }
                    }
                    at += n;
                    dynoReceived.addAndGet(n);
                }
            }
            JdkBackend.respond(ex, 200, "got " + dynoReceived.get());
        }); RawClient c = new RawClient(router.port())) {
            router.route(new Route("upload", List.of(dyno.backend())));
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = c.output();
                    out.write(("POST /up HTTP/1.1\r\nHost: " + host("upload") + "\r\nContent-Length: " + SIZE + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] block = new byte[BLOCK];
                    for (long at = 0; at < SIZE; at += BLOCK) {
                        for (int i = 0; i < BLOCK; i++) {
                            block[i] = patternAt(at + i);
                        }
                        out.write(block);
                        sent.addAndGet(BLOCK);
                    }
                    out.flush();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });

            Thread.sleep(700); // the dyno reads nothing meanwhile
            assertThat(writer).isNotDone();
            assertThat(sent.get()).isLessThan(SIZE / 2);
            assertThat(usedRouterBufferMemory()).isLessThan(16L * 1024 * 1024);

            dynoMayRead.countDown();
            writer.get(30, TimeUnit.SECONDS);
            RawResponse r = c.readFinal();
            assertThat(r.bodyText()).isEqualTo("got " + SIZE);
            assertThat(intact).isTrue();
        }
    }

    @Test
    void chunkedUploadArrivesIntact() throws Exception {
        try (JdkBackend dyno = new JdkBackend("web.1").handler(ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            JdkBackend.respond(ex, 200, body.length + ":" + new String(body, 0, 16, StandardCharsets.US_ASCII));
        }); RawClient c = new RawClient(router.port())) {
            router.route(new Route("chunks", List.of(dyno.backend())));
            StringBuilder req = new StringBuilder("POST / HTTP/1.1\r\nHost: " + host("chunks")
                    + "\r\nTransfer-Encoding: chunked\r\n\r\n");
            int total = 0;
            for (int size : new int[] {16, 1, 4000, 70000, 3}) {
                req.append(Integer.toHexString(size)).append(";ext=1\r\n").append("abcdefghijklmnop".repeat(size / 16 + 1), 0, size).append("\r\n");
                total += size;
            }
            c.send(req.append("0\r\n\r\n").toString());
            assertThat(c.readFinal().bodyText()).isEqualTo(total + ":abcdefghijklmnop");
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
        try (JdkBackend dyno = new JdkBackend("web.1").handler(ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            String expect = ex.getRequestHeaders().getFirst("Expect");
            JdkBackend.respond(ex, 200, new String(body, StandardCharsets.US_ASCII) + " expect=" + expect);
        }); RawClient c = new RawClient(router.port())) {
            router.route(new Route("continue", List.of(dyno.backend())));
            c.send("POST / HTTP/1.1\r\nHost: " + host("continue") + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(100);
            c.send("hello");
            assertThat(c.read().bodyText()).isEqualTo("hello expect=null");
        }
    }

    @Test
    void expectContinueForAnAppThatCannotAnswerGetsTheErrorInsteadOf100() throws Exception {
        router.route(new Route("gone", List.of()));
        try (RawClient c = new RawClient(router.port())) {
            c.send("POST / HTTP/1.1\r\nHost: " + host("gone") + "\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            RawResponse r = c.read();
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void unknownExpectationIs417() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            c.send("POST / HTTP/1.1\r\nHost: " + host("gone") + "\r\nContent-Length: 0\r\nExpect: teapot\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(417);
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            sb.append((char) in.read());
        }
        return sb.toString();
    }

    /** Reads a chunked body to its end, checking every byte against the pattern; returns its length. */
    private static long readChunkedChecked(InputStream in) throws Exception {
        long total = 0;
        byte[] buf = new byte[BLOCK];
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int ch = in.read(); ch != '\n'; ch = in.read()) {
                line.append((char) ch);
            }
            int size = Integer.parseInt(line.toString().trim(), 16);
            if (size == 0) {
                in.readNBytes(2);
                return total;
            }
            while (size > 0) {
                int n = in.read(buf, 0, Math.min(size, buf.length));
                for (int i = 0; i < n; i++) {
                    if (buf[i] != patternAt(total + i)) {
                        throw new AssertionError("byte " + (total + i) + " changed on the way");
                    }
                }
                total += n;
                size -= n;
            }
            in.readNBytes(2);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
