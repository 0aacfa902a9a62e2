package paas.api;

import org.junit.jupiter.api.Test;
import paas.api.certs.CertificateFeed;
import paas.api.tls.CertificateMaker;
import paas.api.tls.CertificatePem;
import paas.api.tls.CheckedCertificate;
import paas.router.tls.AcmeChallenges;
import paas.router.tls.CertificateBook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A separate router follows paasd's certificates and ACME answers: each answer is applied whole,
 * a certificate that does not parse is skipped (the others still served), and while paasd cannot
 * be reached it keeps what it has.
 */
class CertificateFollowerTest {
    private static CertificateFeed.Pem pem(CheckedCertificate c) {
        return new CertificateFeed.Pem(CertificatePem.toPem(c.chain()), CertificatePem.toPem(c.key()));
    }

    @Test
    void appliesEachAnswerWholeAndKeepsItWhilePaasdIsAway() throws Exception {
        CheckedCertificate fallback = CertificateMaker.selfSigned(List.of("*.paas.test"), 1, Instant.now());
        CheckedCertificate shop = CertificateMaker.selfSigned(List.of("www.shop.test"), 1, Instant.now());
        LinkedBlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        answers.add(new CertificateFollower.Answer(3, pem(fallback),
                Map.of("www.shop.test", pem(shop), "broken.test", new CertificateFeed.Pem("junk", "junk")),
                Map.of("token-1", "token-1.thumbprint")));
        answers.add(new IllegalStateException("paasd is restarting"));
        answers.add(new CertificateFollower.Answer(4, pem(fallback), Map.of(), Map.of()));
        LinkedBlockingQueue<Long> asked = new LinkedBlockingQueue<>();
        CertificateBook book = new CertificateBook();
        AcmeChallenges challenges = new AcmeChallenges();

        Thread follower = Thread.ofPlatform().start(new CertificateFollower(after -> {
            asked.add(after);
            Object next = answers.poll(10, TimeUnit.SECONDS);
            if (next == null) {
                Thread.sleep(Long.MAX_VALUE);
            }
            if (next instanceof Exception e) {
                throw e;
            }
            return (CertificateFollower.Answer) next;
        }, book, challenges));
        try {
            assertThat(asked.poll(10, TimeUnit.SECONDS)).isZero();
            assertThat(asked.poll(10, TimeUnit.SECONDS)).as("the next poll asks after the version it got").isEqualTo(3);
            assertThat(book.lookup("www.shop.test").orElseThrow().leaf()).isEqualTo(shop.leaf());
            assertThat(book.lookup("broken.test")).isEmpty();
            assertThat(book.fallback().orElseThrow().leaf()).isEqualTo(fallback.leaf());
            assertThat(challenges.answer("token-1")).contains("token-1.thumbprint");

            // The failed poll changed nothing; the retry after it asks from the same version.
            assertThat(asked.poll(10, TimeUnit.SECONDS)).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10)).until(() -> book.all().isEmpty() && challenges.all().isEmpty());
        } finally {
            follower.interrupt();
            follower.join(10_000);
        }
    }
}
