package paas.router;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import paas.router.testkit.JdkBackend;
import paas.router.testkit.RawClient;
import paas.router.testkit.RawResponse;
import paas.router.testkit.RouterFixture;
import paas.router.testkit.TestCertificates;
import paas.router.testkit.WebSocketEcho;
import paas.router.tls.AcmeChallenges;
import paas.router.tls.CertificateBook;
import paas.router.tls.RouterTls;
import paas.router.tls.ServerCertificate;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paas.router.testkit.RouterFixture.host;

/**
 * The TLS port with real clients: certificates by SNI, HTTP/2 from the JDK's HttpClient to
 * HTTP/1.1 dynos, websockets over TLS, the handshake timeout, and on the plain port the ACME
 * answers and the redirect of https-only apps. One router serves every test.
 */
class TlsIT {
    static final TestCertificates CA = new TestCertificates();
    static final ServerCertificate APPS = CA.issue("*." + RouterFixture.DOMAIN);
    static final ServerCertificate ONE = CA.issue(host("one"));
    static final ServerCertificate FALLBACK = CA.issue("fallback.invalid");

    static final CertificateBook book = new CertificateBook();
    static final AcmeChallenges challenges = new AcmeChallenges();
    static RouterFixture router;
    static JdkBackend web;
    static WebSocketEcho echo;
    static HttpClient h2;

    @BeforeAll
    static void start() throws Exception {
        book.put("*." + RouterFixture.DOMAIN, APPS);
        book.put(host("one"), ONE);
        book.setFallback(FALLBACK);
        router = new RouterFixture(RouterConfig.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(5)),
                new RouterTls("127.0.0.1", 0, book, Duration.ofSeconds(10)), challenges);
        web = new JdkBackend("web.1");
        echo = new WebSocketEcho();
        router.route(new Route("web", List.of(web.backend())));
        router.route(new Route("secure", List.of(web.backend())).withHttpsOnly(true));
        router.route(new Route("chat", List.of(echo.backend())));
        h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(CA.clientContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        router.close();
        web.close();
        echo.close();
        h2.close();
    }

    static URI https(String app, String pathAndQuery) {
        return URI.create("https://" + host(app) + ":" + router.tlsPort() + pathAndQuery);
    }

    /** The leaf certificate the TLS port presents for {@code sni} (none sent when null). */
    static Certificate servedFor(int port, String sni) throws IOException {
        try (SSLSocket socket = (SSLSocket) CA.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            socket.setSSLParameters(params);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void sniPicksTheCertificateOfTheNameThenTheWildcardThenTheFallback() throws Exception {
        int port = router.tlsPort();
        assertThat(servedFor(port, host("one"))).isEqualTo(ONE.leaf());
        assertThat(servedFor(port, host("web"))).isEqualTo(APPS.leaf());
        assertThat(servedFor(port, "ONE." + RouterFixture.DOMAIN)).isEqualTo(ONE.leaf());
        assertThat(servedFor(port, "nobody.example")).isEqualTo(FALLBACK.leaf());
        assertThat(servedFor(port, "a.b." + RouterFixture.DOMAIN)).as("a wildcard covers one label").isEqualTo(FALLBACK.leaf());
        assertThat(servedFor(port, null)).isEqualTo(FALLBACK.leaf());
    }

    /** The protocol and cipher suite a handshake with only {@code protocol} and {@code suites} enabled agrees on. */
    static String negotiated(String protocol, String... suites) throws IOException {
        try (SSLSocket socket = (SSLSocket) CA.clientContext().getSocketFactory().createSocket("127.0.0.1", router.tlsPort())) {
            socket.setEnabledProtocols(new String[] {protocol});
            if (suites.length > 0) {
                socket.setEnabledCipherSuites(suites);
            }
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
        }
    }

    @Test
    void speaksTls12And13WithModernCipherSuitesOnly() throws Exception {
        assertThat(negotiated("TLSv1.3")).startsWith("TLSv1.3 TLS_");
        assertThat(negotiated("TLSv1.2")).startsWith("TLSv1.2 TLS_ECDHE_ECDSA_WITH_").endsWith("GCM_SHA256");
        assertThatThrownBy(() -> negotiated("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
                .as("CBC suites are not in Mozilla's intermediate list").isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aCertificateReplacedInTheBookIsServedOnTheNextConnection() throws Exception {
        ServerCertificate renewed = CA.issue(host("renewed"));
        ServerCertificate first = CA.issue(host("renewed"));
        book.put(host("renewed"), first);
        assertThat(servedFor(router.tlsPort(), host("renewed"))).isEqualTo(first.leaf());
        book.put(host("renewed"), renewed);
        assertThat(servedFor(router.tlsPort(), host("renewed"))).isEqualTo(renewed.leaf());
        book.remove(host("renewed"));
        assertThat(servedFor(router.tlsPort(), host("renewed"))).isEqualTo(APPS.leaf());
    }

    @Test
    void withoutACertificateOrFallbackTheHandshakeFailsAndOthersAreStillServed() throws Exception {
        CertificateBook partial = new CertificateBook();
        partial.put(host("web"), APPS);
        try (RouterFixture bare = new RouterFixture(RouterConfig.defaults(),
                new RouterTls("127.0.0.1", 0, partial, Duration.ofSeconds(10)), new AcmeChallenges())) {
            assertThatThrownBy(() -> servedFor(bare.tlsPort(), "nobody.example"))
                    .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("unrecognized_name");
            assertThatThrownBy(() -> servedFor(bare.tlsPort(), null)).isInstanceOf(SSLHandshakeException.class);
            assertThat(servedFor(bare.tlsPort(), host("web"))).isEqualTo(APPS.leaf());
        }
    }

    @Test
    void aTakenTlsPortIsRefusedByName() {
        int taken = router.tlsPort();
        assertThatThrownBy(() -> new RouterFixture(RouterConfig.defaults(),
                new RouterTls("127.0.0.1", taken, book, Duration.ofSeconds(10)), new AcmeChallenges()))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("127.0.0.1:" + taken);
    }

    @Test
    void http2RequestsReachTheDynoAsHttp11WithHerokusHeaders() throws Exception {
        HttpResponse<String> res = h2.send(HttpRequest.newBuilder(https("web", "/hello?x=1"))
                .header("X-Request-Id", "tls-request-id-0123456789").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).isEqualTo("web.1");
        assertThat(res.headers().firstValue("via")).hasValue("1.1 paas");
        assertThat(res.headers().map()).doesNotContainKeys("connection", "transfer-encoding", "keep-alive");
        var seen = JdkBackend.firstValues(web.lastHeaders());
        assertThat(web.lastUri()).isEqualTo("/hello?x=1");
        assertThat(seen).containsEntry("X-forwarded-proto", "https")
                .containsEntry("X-forwarded-port", Integer.toString(router.tlsPort()))
                .containsEntry("Host", host("web") + ":" + router.tlsPort())
                .containsEntry("X-request-id", "tls-request-id-0123456789")
                .containsEntry("X-forwarded-for", "127.0.0.1")
                .containsEntry("Via", "1.1 paas")
                .containsKey("X-request-start");
        assertThat(seen.keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-http2"));
        RouterLogLine line = router.log.await(l -> l.text().contains("path=\"/hello?x=1\""));
        assertThat(line.text()).contains("status=200").contains("protocol=https");
    }

    @Test
    void http2BodiesStreamBothWaysThroughTheRouter() throws Exception {
        byte[] upload = new byte[5 * 1024 * 1024];
        new Random(15).nextBytes(upload);
        try (JdkBackend mirror = new JdkBackend("web.1")) {
            mirror.handler(exchange -> {
                // Streams the body back as it arrives: chunked, no length known in advance.
                exchange.getResponseHeaders().set("X-Seen-Transfer-Encoding",
                        String.valueOf(exchange.getRequestHeaders().getFirst("Transfer-Encoding")));
                exchange.sendResponseHeaders(200, 0);
                try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            });
            router.route(new Route("mirror", List.of(mirror.backend())));
            HttpResponse<byte[]> res = h2.send(HttpRequest.newBuilder(https("mirror", "/upload"))
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(upload)))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("x-seen-transfer-encoding")).hasValue("chunked");
            assertThat(res.body().length).isEqualTo(upload.length);
            assertThat(MessageDigest.getInstance("SHA-256").digest(res.body()))
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(upload));
        }
    }

    @Test
    void fiftyConcurrentStreamsOnOneConnection() throws Exception {
        int streams = 50;
        CountDownLatch allArrived = new CountDownLatch(streams);
        try (JdkBackend gate = new JdkBackend("web.1")) {
            gate.handler(exchange -> {
                allArrived.countDown();
                try {
                    // Every request is held until all of them are at the dyno at once.
                    boolean together = allArrived.await(20, TimeUnit.SECONDS);
                    JdkBackend.respond(exchange, together ? 200 : 504, exchange.getRequestURI().getPath());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            router.route(new Route("gate", List.of(gate.backend())));
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                    .sslContext(CA.clientContext()).build();
            try (client) {
                // One request first: the connection exists before the others are multiplexed on it.
                assertThat(client.send(HttpRequest.newBuilder(https("web", "/warm")).build(),
                        HttpResponse.BodyHandlers.ofString()).version()).isEqualTo(HttpClient.Version.HTTP_2);
                List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    all.add(client.sendAsync(HttpRequest.newBuilder(https("gate", "/s" + i)).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                for (int i = 0; i < streams; i++) {
                    HttpResponse<String> res = all.get(i).get(30, TimeUnit.SECONDS);
                    assertThat(res.statusCode()).isEqualTo(200);
                    assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
                    assertThat(res.body()).isEqualTo("/s" + i);
                }
            }
        }
    }

    @Test
    void aStreamTheClientResetsIsLoggedH27AndTheConnectionServesOthers() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (JdkBackend slow = new JdkBackend("web.1")) {
            slow.handler(exchange -> {
                arrived.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                JdkBackend.respond(exchange, 200, "late");
            });
            router.route(new Route("slow", List.of(slow.backend())));
            CompletableFuture<HttpResponse<String>> pending = h2.sendAsync(
                    HttpRequest.newBuilder(https("slow", "/wait")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
            pending.cancel(true);
            RouterLogLine line = router.log.await(l -> l.app().equals("slow"));
            release.countDown();
            assertThat(line.text()).contains("code=H27").contains("status=499");
            assertThat(h2.send(HttpRequest.newBuilder(https("web", "/after-reset")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anAnswerBeforeTheWholeBodyEndsOnlyThatStream() throws Exception {
        router.route(new Route("idle", List.of()));
        byte[] upload = new byte[2 * 1024 * 1024];
        HttpResponse<String> res = h2.send(HttpRequest.newBuilder(https("idle", "/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(upload))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(res.statusCode()).isEqualTo(503);
        assertThat(router.log.awaitCode("H14").text()).contains("host=" + host("idle")).contains("protocol=https");
        assertThat(h2.send(HttpRequest.newBuilder(https("web", "/after-early-answer")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void websocketsWorkOverTls() throws Exception {
        SSLSocket socket = (SSLSocket) CA.clientContext().getSocketFactory().createSocket("127.0.0.1", router.tlsPort());
        SSLParameters params = socket.getSSLParameters();
        params.setServerNames(List.of(new SNIHostName(host("chat"))));
        socket.setSSLParameters(params);
        try (RawClient c = new RawClient(socket)) {
            RawResponse r = WebSocketIT.handshake(c);
            assertThat(r.status()).isEqualTo(101);
            for (String text : List.of("over tls", "y".repeat(100))) {
                c.send(WebSocketIT.maskedTextFrame(text));
                assertThat(WebSocketIT.readTextFrame(c.input())).isEqualTo("echo: " + text);
            }
        }
    }

    @Test
    void stalledAndGarbageHandshakesAreClosedWhileOthersAreServed() throws Exception {
        // A router of its own with a short handshake timeout; the shared one allows slow (loaded) machines 10 s.
        try (RouterFixture quick = new RouterFixture(RouterConfig.defaults(),
                new RouterTls("127.0.0.1", 0, book, Duration.ofSeconds(2)), new AcmeChallenges());
             Socket silent = new Socket("127.0.0.1", quick.tlsPort());
             Socket garbage = new Socket("127.0.0.1", quick.tlsPort())) {
            quick.route(new Route("web", List.of(web.backend())));
            silent.setSoTimeout(10_000);
            garbage.setSoTimeout(10_000);
            garbage.getOutputStream().write("GET / HTTP/1.1\r\nHost: web.test.local\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            garbage.getOutputStream().flush();

            URI meanwhile = URI.create("https://" + host("web") + ":" + quick.tlsPort() + "/meanwhile");
            assertThat(h2.send(HttpRequest.newBuilder(meanwhile).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            assertThat(closedByRouter(garbage)).isTrue();
            assertThat(closedByRouter(silent)).as("a client that sends nothing is closed after the handshake timeout").isTrue();
        }
    }

    /** Reads until the router closes (true) or 10 s pass without that (false). */
    static boolean closedByRouter(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[1024];
        try {
            while (in.read(buf) >= 0) {
                // an alert, maybe; the close is what counts
            }
            return true;
        } catch (SocketException reset) {
            return true;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Test
    void thePlainPortAnswersAcmeChallengesForAnyHostBeforeRouting() throws Exception {
        challenges.put("tok-EN_123", "tok-EN_123.thumbprint");
        try (RawClient c = new RawClient(router.port())) {
            RawResponse r = c.get("no-app-here.example", AcmeChallenges.PATH_PREFIX + "tok-EN_123");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("content-type")).startsWith("text/plain");
            assertThat(r.bodyText()).isEqualTo("tok-EN_123.thumbprint");
            // The https-only app's name too: the challenge is answered, not redirected.
            assertThat(c.get(host("secure"), AcmeChallenges.PATH_PREFIX + "tok-EN_123").status()).isEqualTo(200);
            // Unknown and malformed tokens are routed as usual (an app may serve its own).
            assertThat(c.get("no-app-here.example", AcmeChallenges.PATH_PREFIX + "unknown").status()).isEqualTo(404);
            assertThat(c.get(host("web"), AcmeChallenges.PATH_PREFIX + "tok-EN_123.x").status()).isEqualTo(200);
            assertThat(web.lastUri()).isEqualTo(AcmeChallenges.PATH_PREFIX + "tok-EN_123.x");
        } finally {
            challenges.remove("tok-EN_123");
        }
    }

    @Test
    void httpsOnlyAppsAreRedirectedFromThePlainPort() throws Exception {
        int before = web.requests();
        try (RawClient c = new RawClient(router.port())) {
            RawResponse get = c.get(host("secure"), "/a/b?c=d");
            assertThat(get.status()).isEqualTo(308);
            assertThat(get.header("location")).isEqualTo("https://" + host("secure") + ":" + router.tlsPort() + "/a/b?c=d");
            c.send("POST /form HTTP/1.1\r\nHost: " + host("secure") + "\r\nContent-Length: 3\r\n\r\nabc");
            RawResponse post = c.read();
            assertThat(post.status()).isEqualTo(308);
            assertThat(post.header("location")).endsWith("/form");
        }
        assertThat(web.requests()).isEqualTo(before);
        HttpResponse<String> overTls = h2.send(HttpRequest.newBuilder(https("secure", "/a/b?c=d")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(overTls.statusCode()).isEqualTo(200);
        try (RawClient c = new RawClient(router.port())) {
            assertThat(c.get(host("web"), "/plain").status()).as("other apps stay on plain HTTP").isEqualTo(200);
        }
    }
}
