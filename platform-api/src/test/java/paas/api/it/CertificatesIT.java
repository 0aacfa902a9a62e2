package paas.api.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.tls.Pebble;
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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automated certificates end to end: one paasd (local runtime, no dyno needed) whose router answers
 * a real pebble's HTTP-01 validation on its plain port, issues a certificate for an app's domain,
 * presents it on the TLS port for that name (the issuer is pebble's), renews it on
 * {@code certs:auto:refresh}, and revokes it when ACM is disabled; the router also sends
 * {@code api.PAAS_DOMAIN} to paasd's own API. A few seconds.
 */
class CertificatesIT {
    private static final String APP = "shop";
    private static final String DOMAIN = "www.shop.test";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void acmIssuesRenewsAndRevokesThroughTheRouter() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2);
             Pebble pebble = new Pebble(fixture.routerPort(), 10 * 24 * 3600)) {
            int tlsPort = PaasdProcess.freePort();
            try (PaasdProcess paasd = fixture.startPaasdWith("PAAS_RUNTIME", "local",
                    "PAAS_ROUTER_TLS_PORT", Integer.toString(tlsPort),
                    "PAAS_ACME_DIRECTORY", pebble.directory().toString(),
                    "PAAS_ACME_CA_BUNDLE", pebble.caBundle.toString())) {
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

                // Renewal: a 10-day certificate is within the 30 days; a refresh orders it again now.
                assertThat(paas.run("certs:auto:refresh", "-a", APP).exitCode()).isZero();
                await().atMost(Duration.ofSeconds(60)).until(() -> !serial(tlsPort).equals(first.getSerialNumber()));
                X509Certificate renewed = served(tlsPort, DOMAIN);

                // Disabling ACM removes its certificates and revokes them.
                assertThat(paas.run("certs:auto:disable", "-a", APP, "--confirm", APP).exitCode()).isZero();
                await().atMost(Duration.ofSeconds(30)).until(() -> pebble.status(renewed).equals("Revoked"));
                assertThat(served(tlsPort, DOMAIN).getIssuerX500Principal().getName())
                        .as("the fallback once the certificate is gone").doesNotContain("Pebble");
                assertThat(paas.run("logs", "-a", APP, "-n", "50").stdout()).contains("paas[acm]")
                        .contains("Issued certificate for " + DOMAIN);
            }
        }
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
