package paas.logs;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.logs.drain.TlsContexts;
import paas.logs.router.MemoryLogRouter;
import paas.logs.testing.SelfSignedCert;
import paas.logs.testing.SyslogSink;
import paas.outbound.HostAddresses;
import paas.outbound.OutboundPolicy;
import paas.outbound.Resolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static paas.logs.testing.Lines.app;

/**
 * Drains connect to the address the policy checked when connecting, whatever DNS said when the
 * drain was added: real sockets on loopback, names answered by the test's own resolver.
 */
class DrainPinningTest {
    private final Map<String, String> dns = new ConcurrentHashMap<>();
    private final Resolver resolver = host -> {
        String address = dns.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return List.of(InetAddress.getByName(address));
    };
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    private DrainPolicy policy(boolean allowLocal) {
        return new DrainPolicy(new OutboundPolicy(allowLocal, java.util.Set.of(), HostAddresses::live, resolver));
    }

    private MemoryLogRouter router(DrainPolicy policy, LogRouterConfig.Builder config) {
        MemoryLogRouter router = new MemoryLogRouter(config.drainPolicy(policy).backoff(Duration.ofMillis(20),
                Duration.ofMillis(100)).build());
        closeables.add(router);
        return router;
    }

    @Test
    void aDrainWhoseNameLaterResolvesToLoopbackIsRefusedWhenItConnects() throws Exception {
        SyslogSink sink = SyslogSink.reading(0, null);
        closeables.add(sink);
        DrainPolicy strict = policy(false);
        dns.put("rebind.example.net", "93.184.215.14");
        String syslog = "syslog+tcp://rebind.example.net:" + sink.port();
        String https = "https://rebind.example.net:" + sink.port() + "/logs";
        strict.checkResolving(syslog); // passes when added: a public address
        strict.checkResolving(https);

        dns.put("rebind.example.net", "127.0.0.1"); // then the name's owner points it at the host
        MemoryLogRouter router = router(strict, LogRouterConfig.builder());
        router.setDrains("myapp", List.of(Drain.create(syslog), Drain.create(https)));
        router.publish(app("myapp", "web.1", "secret line"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(router.drainStatus("myapp"))
                .allSatisfy(s -> assertThat(s.lastError()).contains(
                        "drain host 'rebind.example.net' resolves to a loopback address (127.0.0.1);"
                                + " drains must reach a public address")));
        assertThat(sink.connections()).as("nothing reached the listener").isZero();
    }

    @Test
    void syslogTlsAndHttpsDrainsReachTheCheckedAddressWithTheNameForTlsAndHost() throws Exception {
        // The certificate names only logs.drain.test: the handshake passes only if the name, not
        // the address connected to, is what TLS checks. The name exists only in the test's DNS.
        dns.put("logs.drain.test", "127.0.0.1");
        SelfSignedCert cert = SelfSignedCert.generateFor(dir, "logs.drain.test");
        char[] password = "trust".toCharArray();
        var trust = TlsContexts.trusting(cert.writeTrustStore(dir.resolve("trust.p12"), password), password);

        SyslogSink tlsSink = SyslogSink.reading(0, cert.serverContext());
        closeables.add(tlsSink);
        List<String> hosts = new CopyOnWriteArrayList<>();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(cert.serverContext()));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/logs", exchange -> {
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        closeables.add(() -> server.stop(0));

        MemoryLogRouter router = router(policy(true), LogRouterConfig.builder().drainTls(trust));
        int httpsPort = server.getAddress().getPort();
        router.setDrains("myapp", List.of(Drain.create("syslog+tls://logs.drain.test:" + tlsSink.port()),
                Drain.create("https://logs.drain.test:" + httpsPort + "/logs")));
        router.publish(app("myapp", "web.1", "hello"));

        await().atMost(Duration.ofSeconds(10)).until(() -> !tlsSink.frames().isEmpty() && !hosts.isEmpty());
        assertThat(tlsSink.frames().getFirst()).endsWith("hello");
        assertThat(hosts.getFirst()).isEqualTo("logs.drain.test:" + httpsPort);
        assertThat(tlsSink.errors()).isEmpty();
    }
}
