package paas.api.tls;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import paas.router.tls.AcmeChallenges;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ACME client against a real pebble: it publishes each HTTP-01 answer where the validation
 * asks for it (here a stand-in for the router's plain port, serving the same {@link AcmeChallenges}),
 * gets a chain from pebble's intermediate, fails with pebble's reason when no answer is served,
 * and revokes. Needs /usr/bin/pebble (bin/test installs it). A few seconds.
 */
class AcmeIssuerIT {
    @Test
    void issuesThroughHttp01ExplainsAFailedValidationAndRevokes() throws Exception {
        AcmeChallenges served = new AcmeChallenges();
        HttpServer plainPort = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        plainPort.createContext(AcmeChallenges.PATH_PREFIX, exchange -> {
            String token = exchange.getRequestURI().getPath().substring(AcmeChallenges.PATH_PREFIX.length());
            Optional<String> answer = served.answer(token);
            byte[] body = answer.orElse("no such token").getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer.isPresent() ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        plainPort.start();
        try (Pebble pebble = new Pebble(plainPort.getAddress().getPort(), 3600)) {
            AcmeIssuer issuer = new AcmeIssuer(pebble.directory(), Optional.of(pebble.caBundle),
                    Optional.of("ops@example.test"), CertificateMaker.ecKeyPair(), served, () -> { },
                    Duration.ofSeconds(30));

            CheckedCertificate cert = issuer.issue("shop.example.test");

            assertThat(cert.hostnames()).containsExactly("shop.example.test");
            assertThat(cert.issuer()).as(pebble.log()).contains("Pebble Intermediate");
            assertThat(cert.chain()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(cert.notAfter()).isBefore(Instant.now().plus(Duration.ofHours(2)));
            assertThat(CertificateChecks.keyMatches(cert.key(), cert.leaf().getPublicKey())).isTrue();
            assertThat(served.all()).as("answers are withdrawn after the validation").isEmpty();

            AcmeIssuer unanswered = new AcmeIssuer(pebble.directory(), Optional.of(pebble.caBundle), Optional.empty(),
                    CertificateMaker.ecKeyPair(), new AcmeChallenges(), () -> { }, Duration.ofSeconds(30));
            assertThatThrownBy(() -> unanswered.issue("elsewhere.example.test"))
                    .isInstanceOf(AcmeIssuer.Failure.class)
                    .hasMessageContaining("could not validate elsewhere.example.test")
                    .hasMessageContaining("point the name's DNS at this platform");

            assertThat(pebble.status(cert.leaf())).isEqualTo("Valid");
            issuer.revoke(cert.leaf());
            assertThat(pebble.status(cert.leaf())).isEqualTo("Revoked");
        } finally {
            plainPort.stop(0);
        }
    }
}
