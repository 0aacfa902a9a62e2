package paas.router.bench;

import paas.router.Backend;
import paas.router.Route;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.proxy.RouterServer;
import paas.router.tls.AcmeChallenges;
import paas.router.tls.CertificateBook;
import paas.router.tls.RouterTls;
import paas.router.tls.ServerCertificate;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * The router alone, for {@code router/bench/run.sh}: routes {@code bench.bench.local} to one
 * backend on 127.0.0.1, counts its log lines instead of printing them, and runs until killed.
 *
 * <p>Usage: {@code BenchRouter ROUTER_PORT BACKEND_PORT [IO_THREADS [TLS_PORT CERT_PEM KEY_PEM]]}.
 * With the last three it also opens the TLS port, presenting that certificate (an EC key in
 * PKCS#8 PEM) for every name, and prints {@code tls=PORT}.
 */
public final class BenchRouter {
    private BenchRouter() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int backendPort = Integer.parseInt(args[1]);
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        RouteTable routes = new RouteTable("bench.local");
        routes.update(new Route("bench", java.util.Set.of(),
                List.of(new Backend("web.1", "127.0.0.1", backendPort)), false, Route.Unavailable.NO_WEB_DYNOS));
        LongAdder lines = new LongAdder();
        RouterConfig config = RouterConfig.defaults().withListen("127.0.0.1", port).withIoThreads(threads);
        RouterServer server;
        String tls = "none";
        if (args.length > 5) {
            CertificateBook book = new CertificateBook();
            book.setFallback(certificate(Path.of(args[4]), Path.of(args[5])));
            RouterTls tlsPort = new RouterTls("127.0.0.1", Integer.parseInt(args[3]), book, Duration.ofSeconds(10));
            server = RouterServer.start(config, routes, line -> lines.increment(), Optional.of(tlsPort),
                    new AcmeChallenges());
            tls = String.valueOf(server.tlsPort());
        } else {
            server = RouterServer.start(config, routes, line -> lines.increment());
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            System.out.println("router stopped after " + lines.sum() + " log lines (" + server.droppedLogLines() + " dropped)");
            stop.countDown();
        }));
        System.out.println("router listening on 127.0.0.1:" + server.port() + " transport=" + server.transport() + " tls=" + tls);
        stop.await();
    }

    private static ServerCertificate certificate(Path certPem, Path keyPem) throws Exception {
        List<X509Certificate> chain;
        try (InputStream in = Files.newInputStream(certPem)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        }
        String pem = Files.readString(keyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        return new ServerCertificate(key, chain);
    }
}
