package paas.logs.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.logs.Drain;
import paas.logs.DrainPolicy;
import paas.logs.LogRouterConfig;
import paas.logs.router.MemoryLogRouter;
import paas.logs.drain.TlsContexts;
import paas.logs.testing.OctetFrames;
import paas.logs.testing.SelfSignedCert;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static paas.logs.testing.Lines.app;

/** An HTTPS drain against the JDK's HttpsServer with a self-signed certificate. */
class HttpsDrainIT {
    private static final int LINES = 2000;
    private static final int BATCH = 500;

    record Post(int status, Map<String, String> headers, List<String> frames) {
    }

    @TempDir
    Path dir;
    private HttpsServer server;
    private MemoryLogRouter router;

    @AfterEach
    void stop() {
        if (router != null) {
            router.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void batchesArriveWithLogplexHeadersAndAFailedBatchIsRetriedWithItsFrameId() throws Exception {
        SelfSignedCert cert = SelfSignedCert.generate(dir);
        List<Post> posts = new CopyOnWriteArrayList<>();
        CountDownLatch allPublished = new CountDownLatch(1);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/logs", exchange -> {
            // The first POST waits until every line is queued, then fails: the retry must carry the
            // same frame id and lines, and the rest must come in full batches.
            int status = posts.isEmpty() ? 503 : 200;
            if (status == 503) {
                awaitQuietly(allPublished);
            }
            posts.add(new Post(status, headers(exchange), OctetFrames.parse(exchange.getRequestBody().readAllBytes())));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();

        char[] password = "trust".toCharArray();
        router = new MemoryLogRouter(LogRouterConfig.builder()
                .drainPolicy(DrainPolicy.allowingLoopback())
                .drainTls(TlsContexts.trusting(cert.writeTrustStore(dir.resolve("trust.p12"), password), password))
                .drainBatchLines(BATCH)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build());
        Drain drain = Drain.create("https://drain-user:s3cr%40t@127.0.0.1:" + server.getAddress().getPort() + "/logs?app=myapp");
        router.setDrains("myapp", List.of(drain));

        for (int i = 0; i < LINES; i++) {
            router.publish(app("myapp", "web.1", "line " + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !posts.isEmpty() || router.drainStatus("myapp").get(0).buffered() >= LINES - BATCH);
        allPublished.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(posts).size() >= LINES);

        assertThat(delivered(posts)).as("each line once, in order").containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, LINES).mapToObj(i -> "line " + i).toList());
        String basic = "Basic " + Base64.getEncoder().encodeToString("drain-user:s3cr@t".getBytes(StandardCharsets.UTF_8));
        for (Post p : posts) {
            assertThat(p.headers()).containsEntry("content-type", "application/logplex-1")
                    .containsEntry("logplex-drain-token", drain.token())
                    .containsEntry("logplex-msg-count", Integer.toString(p.frames().size()))
                    .containsEntry("authorization", basic)
                    .containsKey("logplex-frame-id");
            assertThat(p.frames()).allSatisfy(f -> assertThat(f).startsWith("<190>1 ").contains(" " + drain.token() + " app web.1 - - "));
        }
        Post failed = posts.get(0);
        Post retry = posts.get(1);
        assertThat(failed.status()).isEqualTo(503);
        assertThat(retry.headers().get("logplex-frame-id")).isEqualTo(failed.headers().get("logplex-frame-id"));
        assertThat(retry.frames()).isEqualTo(failed.frames());
        List<Post> rest = posts.subList(2, posts.size());
        assertThat(rest).allSatisfy(p -> assertThat(p.frames().size()).isBetween(1, BATCH));
        assertThat(rest.subList(0, rest.size() - 1)).allSatisfy(p -> assertThat(p.frames()).hasSize(BATCH));
        assertThat(posts.stream().map(p -> p.headers().get("logplex-frame-id")).distinct().count()).isEqualTo(posts.size() - 1);
        assertThat(router.drainStatus("myapp").get(0).delivered()).isEqualTo(LINES);
    }

    private static List<String> delivered(List<Post> posts) {
        List<String> texts = new ArrayList<>();
        for (Post p : posts) {
            if (p.status() == 200) {
                p.frames().forEach(f -> texts.add(f.substring(f.indexOf(" - - ") + 5)));
            }
        }
        return texts;
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> out = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        return out;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
