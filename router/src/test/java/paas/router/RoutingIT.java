package paas.router;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import paas.router.proxy.RouterServer;
import paas.router.testkit.JdkBackend;
import paas.router.testkit.RawClient;
import paas.router.testkit.RawResponse;
import paas.router.testkit.RouterFixture;

import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static paas.router.testkit.RouterFixture.host;

class RoutingIT {
    static RouterFixture router;
    static JdkBackend blogWeb1;
    static JdkBackend shopWeb1;

    @BeforeAll
    static void start() throws Exception {
        router = new RouterFixture();
        blogWeb1 = new JdkBackend("web.1");
        shopWeb1 = new JdkBackend("web.1");
    }

    @AfterAll
    static void stop() throws Exception {
        router.close();
        blogWeb1.close();
        shopWeb1.close();
    }

    @BeforeEach
    void routes() {
        router.routes.replaceAll(List.of(
                new Route("blog", Set.of("www.blog.example"), List.of(blogWeb1.backend()), false, Route.Unavailable.NO_WEB_DYNOS),
                new Route("shop", Set.of("*.shop.example"), List.of(shopWeb1.backend()), false, Route.Unavailable.NO_WEB_DYNOS)));
        router.log.clear();
    }

    @Test
    void routesEachHostToItsOwnApp() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            int blogBefore = blogWeb1.requests();
            int shopBefore = shopWeb1.requests();
            assertThat(c.get(host("blog"), "/").status()).isEqualTo(200);
            assertThat(c.get("WWW.Blog.Example:8080", "/").status()).isEqualTo(200);
            assertThat(c.get("eu.shop.example", "/").status()).isEqualTo(200);
            assertThat(c.get(host("shop"), "/").status()).isEqualTo(200);
            assertThat(blogWeb1.requests() - blogBefore).isEqualTo(2);
            assertThat(shopWeb1.requests() - shopBefore).isEqualTo(2);
        }
    }

    @Test
    void unknownHostIsA404FromTheRouterThatReachesNoApp() throws Exception {
        int before = blogWeb1.requests() + shopWeb1.requests();
        try (RawClient c = new RawClient(router.port())) {
            RawResponse r = c.get("nope.test.local", "/");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.bodyText()).contains("No such app");
            RawResponse wildcardParent = c.get("shop.example", "/");
            assertThat(wildcardParent.status()).isEqualTo(404);
        }
        assertThat(blogWeb1.requests() + shopWeb1.requests()).isEqualTo(before);
    }

    @Test
    void addsForwardingHeadersAndKeepsAValidRequestId() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            long before = System.currentTimeMillis();
            RawResponse r = c.get(host("blog"), "/path?q=1", "X-Request-Id: abcdefghij0123456789-keep",
                    "X-Forwarded-For: 10.0.0.1", "X-Forwarded-Proto: https", "Via: 1.0 corp");
            assertThat(r.status()).isEqualTo(200);
            Map<String, String> h = JdkBackend.firstValues(blogWeb1.lastHeaders());
            assertThat(h.get("X-Request-Id")).isEqualTo("abcdefghij0123456789-keep");
            assertThat(h.get("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");
            assertThat(h.get("X-Forwarded-Proto")).isEqualTo("http");
            assertThat(h.get("X-Forwarded-Port")).isEqualTo(Integer.toString(router.port()));
            assertThat(Long.parseLong(h.get("X-Request-Start"))).isBetween(before, System.currentTimeMillis());
            assertThat(h.get("Via")).isEqualTo("1.0 corp, 1.1 paas");
            assertThat(h.get("Host")).isEqualTo(host("blog"));
            assertThat(blogWeb1.lastUri()).isEqualTo("/path?q=1");
            assertThat(r.header("via")).isEqualTo("1.1 paas");
        }
    }

    @Test
    void replacesAnInvalidRequestIdWithAUuid() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            c.get(host("blog"), "/", "X-Request-Id: short");
            String id = blogWeb1.lastHeaders().getFirst("X-Request-Id");
            assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        }
    }

    @Test
    void removesHopByHopHeaders() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            c.get(host("blog"), "/", "Connection: keep-alive, X-Secret", "X-Secret: 1", "Keep-Alive: timeout=5",
                    "Proxy-Connection: keep-alive", "TE: trailers", "Upgrade: h2c", "X-Kept: yes");
            Map<String, String> h = JdkBackend.firstValues(blogWeb1.lastHeaders());
            assertThat(h).doesNotContainKeys("X-Secret", "Keep-Alive", "Proxy-Connection", "TE", "Upgrade");
            assertThat(h.get("X-Kept")).isEqualTo("yes");
            assertThat(h.getOrDefault("Connection", "")).doesNotContainIgnoringCase("x-secret");
        }
    }

    @Test
    void writesOneLogLinePerRequestInHerokusFormat() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            c.get(host("blog"), "/a%20b?x=1", "X-Request-Id: 0123456789abcdefghijKL", "X-Forwarded-For: 10.1.1.1");
        }
        RouterLogLine line = router.log.await(l -> l.app().equals("blog"));
        assertThat(line.text()).matches("at=info method=GET path=\"/a%20b\\?x=1\" host=blog.test.local"
                + " request_id=0123456789abcdefghijKL fwd=\"10.1.1.1, 127.0.0.1\" dyno=web.1 connect=\\d+ms service=\\d+ms"
                + " status=200 bytes=5 protocol=http");
        assertThat(line.status()).isEqualTo(200);
        assertThat(line.dyno()).isEqualTo("web.1");
        assertThat(line.isError()).isFalse();
    }

    @Test
    void reusesBackendConnectionsAcrossRequests() throws Exception {
        JdkBackend solo = new JdkBackend("web.1");
        try (solo) {
            router.route(new Route("solo", List.of(solo.backend())));
            for (int client = 0; client < 3; client++) {
                try (RawClient c = new RawClient(router.port())) {
                    for (int i = 0; i < 10; i++) {
                        assertThat(c.get(host("solo"), "/").status()).isEqualTo(200);
                    }
                }
            }
            assertThat(solo.requests()).isEqualTo(30);
            // Sequential requests from one event loop need a single connection; two loops, two at most.
            assertThat(solo.connections()).isBetween(1, 2);
        }
    }

    @Test
    void spreadsRequestsOverAllWebDynos() throws Exception {
        List<JdkBackend> dynos = List.of(new JdkBackend("web.1"), new JdkBackend("web.2"), new JdkBackend("web.3"));
        try {
            router.route(new Route("spread", dynos.stream().map(JdkBackend::backend).toList()));
            Map<String, Integer> seen = new HashMap<>();
            try (RawClient c = new RawClient(router.port())) {
                for (int i = 0; i < 90; i++) {
                    seen.merge(c.get(host("spread"), "/").bodyText(), 1, Integer::sum);
                }
            }
            assertThat(seen).containsOnlyKeys("web.1", "web.2", "web.3");
            assertThat(seen.values()).allMatch(n -> n >= 10);
        } finally {
            dynos.forEach(JdkBackend::close);
        }
    }

    @Test
    void followsRouteChangesWhileRunning() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            assertThat(c.get(host("shop"), "/").status()).isEqualTo(200);
            router.routes.update(router.routes.route("shop").orElseThrow().withMaintenance(true));
            assertThat(c.get(host("shop"), "/").status()).isEqualTo(503);
            router.routes.remove("shop");
            assertThat(c.get(host("shop"), "/").status()).isEqualTo(404);
        }
    }

    @Test
    void headResponsesKeepTheirLengthButCarryNoBody() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            c.send("HEAD / HTTP/1.1\r\nHost: " + host("blog") + "\r\n\r\n");
            RawResponse head = c.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("transfer-encoding")).isNull();
            // The next response on the connection starts right away: nothing was left of the HEAD.
            assertThat(c.get(host("blog"), "/").bodyText()).isEqualTo("web.1");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        JdkBackend echo = new JdkBackend("web.1").handler(ex -> JdkBackend.respond(ex, 200, ex.getRequestURI().getPath()));
        try (echo; RawClient c = new RawClient(router.port())) {
            router.route(new Route("pipe", List.of(echo.backend())));
            String h = host("pipe");
            c.send("GET /one HTTP/1.1\r\nHost: " + h + "\r\n\r\nGET /two HTTP/1.1\r\nHost: " + h
                    + "\r\n\r\nGET /three HTTP/1.1\r\nHost: " + h + "\r\nConnection: close\r\n\r\n");
            assertThat(c.read().bodyText()).isEqualTo("/one");
            assertThat(c.read().bodyText()).isEqualTo("/two");
            RawResponse last = c.read();
            assertThat(last.bodyText()).isEqualTo("/three");
            assertThat(last.header("connection")).isEqualTo("close");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void http10ClientGetsAnUnknownLengthBodyDelimitedByClose() throws Exception {
        JdkBackend streaming = new JdkBackend("web.1").handler(ex -> {
            ex.sendResponseHeaders(200, 0);
            try (var out = ex.getResponseBody()) {
                out.write("streamed".getBytes());
            }
        });
        try (streaming; RawClient c = new RawClient(router.port())) {
            router.route(new Route("old", List.of(streaming.backend())));
            c.send("GET / HTTP/1.0\r\nHost: " + host("old") + "\r\nConnection: keep-alive\r\n\r\n");
            RawResponse r = c.read();
            assertThat(r.header("transfer-encoding")).isNull();
            assertThat(r.header("connection")).isEqualTo("close");
            assertThat(r.bodyText()).isEqualTo("streamed");
        }
    }

    /** The native jars ship for linux-x86_64 only; there the router must not fall back unnoticed. */
    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void runsOnANativeTransportOnLinuxX86() {
        String expected = io.netty.channel.uring.IoUring.isAvailable() ? "io_uring" : "epoll";
        assertThat(router.server.transport())
                .as("io_uring: %s; epoll: %s", io.netty.channel.uring.IoUring.unavailabilityCause(),
                        io.netty.channel.epoll.Epoll.unavailabilityCause())
                .isEqualTo(expected);
    }

    @Test
    void aTakenPortIsReportedWithItsAddress() {
        RouterConfig taken = RouterConfig.defaults().withListen("127.0.0.1", router.port()).withIoThreads(1);
        assertThatThrownBy(() -> RouterServer.start(taken, new RouteTable("other.local"), RouterLog.NONE))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("127.0.0.1:" + router.port());
    }

    @Test
    void requestWithoutHostIsRefused() throws Exception {
        try (RawClient c = new RawClient(router.port())) {
            c.send("GET / HTTP/1.1\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(400);
            assertThat(c.closedByPeer()).isTrue();
        }
        try (RawClient c = new RawClient(router.port())) {
            c.send("GET / HTTP/1.0\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(400);
        }
    }
}
