package paas.api.tls;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A real pebble (Debian's {@code /usr/bin/pebble}) in strict mode, with its HTTPS served under a
 * test CA made here, validating HTTP-01 for real ({@code PEBBLE_VA_ALWAYS_VALID=0}) on
 * {@code httpPort}, and {@code pebble-challtestsrv} as its DNS server resolving every name to
 * 127.0.0.1. Starts in well under a second; {@link #close} stops both.
 */
public final class Pebble implements AutoCloseable {
    public final Path dir;
    public final Path caBundle;
    public final int port;
    public final int managementPort;
    private final SSLTrust trust;
    private final List<Process> processes = new ArrayList<>();

    private record SSLTrust(javax.net.ssl.SSLContext context) {
    }

    /**
     * @param httpPort          where pebble's validation authority asks for HTTP-01 answers (the router's plain port)
     * @param validitySeconds   how long the certificates it issues are valid
     */
    public Pebble(int httpPort, long validitySeconds) throws Exception {
        dir = Files.createTempDirectory("paas-pebble-");
        Instant now = Instant.now();
        KeyPair caKey = CertificateMaker.ecKeyPair();
        X509Certificate ca = CertificateMaker.certificate("CN=pebble test CA", caKey, List.of(), "CN=pebble test CA",
                caKey.getPrivate(), now.minusSeconds(3600), now.plus(Duration.ofDays(30)), true);
        KeyPair serverKey = CertificateMaker.ecKeyPair();
        X509Certificate server = CertificateMaker.certificate("CN=localhost", serverKey, List.of("localhost"),
                "CN=pebble test CA", caKey.getPrivate(), now.minusSeconds(3600), now.plus(Duration.ofDays(30)), false);
        caBundle = dir.resolve("ca.pem");
        Files.writeString(caBundle, CertificatePem.toPem(List.of(ca)));
        Files.writeString(dir.resolve("cert.pem"), CertificatePem.toPem(List.of(server)));
        Files.writeString(dir.resolve("key.pem"), CertificatePem.toPem(serverKey.getPrivate()));
        port = freePort();
        managementPort = freePort();
        int dnsPort = freePort();
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false,
                  "certificateValidityPeriod": %d}}
                """.formatted(port, managementPort, dir.resolve("cert.pem"), dir.resolve("key.pem"), httpPort,
                freePort(), validitySeconds));
        start(List.of("pebble-challtestsrv", "-defaultIPv4", "127.0.0.1", "-defaultIPv6", "",
                "-dns01", "127.0.0.1:" + dnsPort, "-http01", "", "-https01", "", "-tlsalpn01", "",
                "-management", "127.0.0.1:" + freePort()), "challtestsrv.log");
        ProcessBuilder pebble = new ProcessBuilder("pebble", "-strict", "-config", dir.resolve("pebble.json").toString(),
                "-dnsserver", "127.0.0.1:" + dnsPort);
        pebble.environment().put("PEBBLE_VA_NOSLEEP", "1");
        pebble.environment().put("PEBBLE_VA_ALWAYS_VALID", "0");
        pebble.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
        processes.add(pebble.directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("pebble.log").toFile()).start());
        trust = new SSLTrust(AcmeIssuer.trusting(caBundle));
        HttpClient client = HttpClient.newBuilder().sslContext(trust.context()).build();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> client.send(
                HttpRequest.newBuilder(directory()).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    private void start(List<String> command, String log) throws IOException {
        processes.add(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start());
    }

    public URI directory() {
        return URI.create("https://localhost:" + port + "/dir");
    }

    /** What pebble's management interface says of a certificate: {@code Valid} or {@code Revoked}. */
    public String status(X509Certificate cert) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trust.context()).build();
        String body = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort
                + "/cert-status-by-serial/" + cert.getSerialNumber().toString(16))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var matcher = java.util.regex.Pattern.compile("\"Status\"\\s*:\\s*\"(\\w+)\"").matcher(body);
        return matcher.find() ? matcher.group(1) : body;
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("pebble.log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            p.waitFor();
        }
    }
}
