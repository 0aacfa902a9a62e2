package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.tls.CertificatePem;
import paas.api.tls.Pebble;
import paas.api.tls.TestChains;
import paas.router.RouteTable;
import paas.router.RouterConfig;
import paas.router.proxy.RouterServer;
import paas.router.tls.AcmeChallenges;
import paas.router.tls.CertificateBook;
import paas.router.tls.RouterTls;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automated certificates end to end: one paasd (local runtime; builds in Docker) whose router answers
 * a real pebble's HTTP-01 validation on its plain port, issues a certificate for an app's domain,
 * presents it on the TLS port for that name (the issuer is pebble's), renews it by the scheduled
 * check alone, renews it again on {@code certs:auto:refresh}, and revokes it when ACM is disabled
 * and when the app is destroyed. The router also sends {@code api.PAAS_DOMAIN} to paasd's own API,
 * on the plain port, and git over HTTPS on the TLS port: a real {@code git push} builds and releases.
 */
class CertificatesIT {
    private static final String APP = "shop";
    private static final String DOMAIN = "www.shop.test";
    /**
     * How long a fresh certificate stays out of the 30-day renewal window: pebble's certificates last
     * 30 days and this, and ACM checks every second, so each certificate is renewed by the schedule
     * about this long after it was issued. Longer than each step that must see one certificate
     * through (refresh, then disable), short enough to be waited for while the push builds.
     */
    private static final long FRESH_SECONDS = 15;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void acmIssuesRenewsAndRevokesThroughTheRouter() throws Exception {
        TestChains operatorCa = new TestChains();
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2);
             Pebble pebble = new Pebble(fixture.routerPort(), 30 * 24 * 3600 + FRESH_SECONDS)) {
            int tlsPort = PaasdProcess.freePort();
            // The operator's certificate for *.localhost and api.localhost, from a CA git is told to trust.
            TestChains.Leaf wildcard = operatorCa.leaf("*.localhost", "api.localhost", "localhost");
            Path certFile = Files.writeString(fixture.workDir.resolve("wildcard.crt"), operatorCa.fullChain(wildcard));
            Path keyFile = Files.writeString(fixture.workDir.resolve("wildcard.key"), wildcard.keyPem());
            Path caFile = Files.writeString(fixture.workDir.resolve("operator-ca.pem"),
                    CertificatePem.toPem(List.of(operatorCa.root)));
            try (PaasdProcess paasd = fixture.startPaasdWith("PAAS_RUNTIME", "local",
                    "PAAS_ROUTER_TLS_PORT", Integer.toString(tlsPort),
                    "PAAS_TLS_CERT_FILE", certFile.toString(), "PAAS_TLS_KEY_FILE", keyFile.toString(),
                    "PAAS_ACME_DIRECTORY", pebble.directory().toString(),
                    "PAAS_ACME_CA_BUNDLE", pebble.caBundle.toString(),
                    "PAAS_ACME_CHECK_INTERVAL_SECONDS", "1")) {
                PaasCli paas = fixture.cli(paasd);
                assertThat(paas.run("login", "--api-url", paasd.apiUrl(), "--token", PlatformFixture.ADMIN_TOKEN)
                        .exitCode()).isZero();
                assertThat(paas.run("apps:create", APP, "--no-remote").exitCode()).isZero();
                // The API through the router, as an install exposing only 80 and 443 reaches it.
                java.net.http.HttpResponse<String> viaRouter = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                                        + fixture.routerPort() + "/apps"))
                                .header("Host", "api.localhost").header("Accept", "application/vnd.heroku+json; version=3")
                                .header("Authorization", "Bearer " + PlatformFixture.ADMIN_TOKEN).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(viaRouter.statusCode()).as(viaRouter.body()).isEqualTo(200);
                assertThat(viaRouter.body()).contains("\"name\":\"" + APP + "\"");
                assertThat(paas.run("domains:add", DOMAIN, "-a", APP).exitCode()).isZero();
                assertThat(paas.run("certs:auto:enable", "-a", APP).exitCode()).isZero();

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(status(paas))
                        .as(pebble.log()).isEqualTo("cert issued"));
                X509Certificate first = served(tlsPort, DOMAIN);
                assertThat(first.getIssuerX500Principal().getName()).contains("Pebble Intermediate");
                assertThat(paas.run("certs", "-a", APP).stdout()).contains(DOMAIN).contains("ACM");

                // git over HTTPS through the router's TLS port, while the scheduled check comes round.
                pushOverHttps(fixture, tlsPort, caFile);

                // Scheduled renewal: no refresh was asked for, yet the certificate in its last 30 days is replaced.
                await().atMost(Duration.ofSeconds(60)).until(() -> !serial(tlsPort).equals(first.getSerialNumber()));
                assertThat(renewals(paas)).as("the renewal is in the app's log").isPositive();

                // A refresh orders it again now.
                X509Certificate scheduled = served(tlsPort, DOMAIN);
                assertThat(paas.run("certs:auto:refresh", "-a", APP).exitCode()).isZero();
                await().atMost(Duration.ofSeconds(60)).until(() -> !serial(tlsPort).equals(scheduled.getSerialNumber()));
                X509Certificate renewed = served(tlsPort, DOMAIN);

                // Disabling ACM removes its certificates and revokes them.
                assertThat(paas.run("certs:auto:disable", "-a", APP, "--confirm", APP).exitCode()).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> pebble.status(renewed).equals("Revoked"));
                assertThat(served(tlsPort, DOMAIN).getIssuerX500Principal().getName())
                        .as("the fallback once the certificate is gone").doesNotContain("Pebble");
                assertThat(paas.run("logs", "-a", APP, "-n", "50").stdout()).contains("paas[acm]")
                        .contains("Issued certificate for " + DOMAIN);

                // Destroying the app revokes what ACM issued for it.
                assertThat(paas.run("certs:auto:enable", "-a", APP).exitCode()).isZero();
                await().atMost(Duration.ofSeconds(60)).until(() -> served(tlsPort, DOMAIN)
                        .getIssuerX500Principal().getName().contains("Pebble"));
                X509Certificate last = served(tlsPort, DOMAIN);
                assertThat(paas.run("apps:destroy", "-a", APP, "--confirm", APP).exitCode()).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> pebble.status(last).equals("Revoked"));
                assertThat(paasd.awaitLine("(serial " + last.getSerialNumber().toString(16) + ") of " + APP, Duration.ofSeconds(5)))
                        .as("paasd logs the revocation").isTrue();
            }
        }
    }

    /**
     * The real git pushes a tiny app to {@code https://api.localhost:TLS/APP.git}, trusting only the
     * operator's CA, with the token from ~/.netrc: the build's output comes back as it runs, and the
     * app is released.
     */
    private static void pushOverHttps(PlatformFixture fixture, int tlsPort, Path caFile) throws Exception {
        Path repo = Files.createDirectories(fixture.workDir.resolve("app"));
        Files.writeString(repo.resolve("Procfile"), "web: python3 -m http.server $PORT\n");
        Files.writeString(repo.resolve("index.html"), "<h1>over https</h1>\n");
        fixture.git(repo, "init", "-q", "-b", "main");
        fixture.git(repo, "add", ".");
        fixture.git(repo, "commit", "-q", "-m", "first");
        Files.writeString(fixture.home.resolve(".netrc"), "machine api.localhost\n  login admin@localhost\n  password "
                + PlatformFixture.ADMIN_TOKEN + "\n", java.nio.file.StandardOpenOption.APPEND,
                java.nio.file.StandardOpenOption.CREATE);
        String sha = fixture.git(repo, "rev-parse", "--short=7", "HEAD").output().strip();
        // The variable, not http.sslCAInfo: it overrides the config, and a machine may set it for its own CAs.
        PlatformFixture.GitRun push = fixture.git(Map.of("GIT_SSL_CAINFO", caFile.toString()), repo,
                "push", "https://api.localhost:" + tlsPort + "/" + APP + ".git", "main");
        assertThat(push.exitCode()).as(push.output()).isZero();
        assertThat(push.output()).contains("remote: -----> Building " + sha).contains("released v2");
    }

    /** How many renewals of {@link #DOMAIN} the app's log has. */
    private static long renewals(PaasCli paas) throws Exception {
        return paas.run("logs", "-a", APP, "-n", "200").stdout().lines()
                .filter(l -> l.contains("Renewed certificate for " + DOMAIN)).count();
    }

    private String status(PaasCli paas) throws Exception {
        JsonNode acm = json.readTree(paas.run("certs:auto", "-a", APP, "--json").stdout());
        for (JsonNode d : acm.path("domains")) {
            if (d.path("hostname").asText().equals(DOMAIN)) {
                return d.path("acm_status").asText() + d.path("acm_status_reason").asText();
            }
        }
        return "none";
    }

    private BigInteger serial(int port) throws Exception {
        return served(port, DOMAIN).getSerialNumber();
    }

    /** The leaf certificate the TLS port presents for {@code hostname} (SNI). */
    static X509Certificate served(int port, String hostname) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters params = socket.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(hostname)));
            socket.setSSLParameters(params);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
