package paas.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.certs.CertificateFeed;
import paas.api.tls.CertificatePem;
import paas.router.tls.AcmeChallenges;
import paas.router.tls.CertificateBook;
import paas.router.tls.ServerCertificate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a separate router's certificates and ACME answers as paasd's: long polls of
 * {@code GET /router/certificates}, each answer applied whole (book, fallback, answers). While
 * paasd cannot be reached it keeps what it has and asks again after a pause. Runs on a thread of
 * its own until interrupted.
 */
final class CertificateFollower implements Runnable {
    private static final Logger log = LoggerFactory.getLogger("router");
    static final Duration RETRY = Duration.ofSeconds(1);

    /** One long poll: the snapshot after {@code after}, with the fallback and the answers. */
    interface Source {
        Answer poll(long after) throws Exception;
    }

    record Answer(long version, CertificateFeed.Pem fallback, Map<String, CertificateFeed.Pem> certificates,
                  Map<String, String> challenges) {
    }

    private final Source source;
    private final CertificateBook book;
    private final AcmeChallenges challenges;

    CertificateFollower(Source source, CertificateBook book, AcmeChallenges challenges) {
        this.source = source;
        this.book = book;
        this.challenges = challenges;
    }

    @Override
    public void run() {
        long version = 0;
        boolean failing = false;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Answer answer = source.poll(version);
                apply(answer);
                version = answer.version();
                if (failing) {
                    log.info("certificates: following paasd again at version {}", version);
                    failing = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!failing) {
                    log.warn("certificates: cannot read them from paasd ({}); serving the ones we have", e.getMessage());
                    failing = true;
                }
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    void apply(Answer answer) {
        Map<String, ServerCertificate> parsed = new HashMap<>();
        Map<String, ServerCertificate> byPem = new HashMap<>();
        answer.certificates().forEach((host, pem) -> {
            try {
                parsed.put(host, byPem.computeIfAbsent(pem.chain(), c -> server(pem)));
            } catch (RuntimeException bad) {
                log.warn("certificates: the one for {} cannot be read and is not served: {}", host, bad.getMessage());
            }
        });
        if (answer.fallback() != null) {
            book.setFallback(server(answer.fallback()));
        }
        book.replaceAll(parsed);
        challenges.replaceAll(answer.challenges());
    }

    private static ServerCertificate server(CertificateFeed.Pem pem) {
        return new ServerCertificate(CertificatePem.key(pem.key()), CertificatePem.chain(pem.chain()));
    }
}
