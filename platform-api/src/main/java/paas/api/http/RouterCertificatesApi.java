package paas.api.http;

import paas.api.certs.CertificateFeed;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.router.tls.AcmeChallenges;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /router/certificates}: what a router in a process of its own ({@code paasd router})
 * presents on its TLS port and answers for ACME, as a long poll by version: the certificates by
 * hostname with their private keys, the fallback certificate, and the HTTP-01 answers. Admin
 * tokens only; the keys travel on this one channel (docs/security.md).
 */
final class RouterCertificatesApi {
    private final CertificateFeed feed;
    private final AcmeChallenges challenges;

    RouterCertificatesApi(CertificateFeed feed, AcmeChallenges challenges) {
        this.feed = feed;
        this.challenges = challenges;
    }

    record CertificatesView(long version, CertificateFeed.Pem fallback, Map<String, CertificateFeed.Pem> certificates,
                            Map<String, String> challenges) {
    }

    void register(Endpoints.Builder endpoints) {
        endpoints.platformGet("/router/certificates", r -> {
            requireAdmin(r.caller());
            long after = r.query().getOrDefault("after", List.of("0")).stream().findFirst()
                    .filter(v -> v.matches("[0-9]{1,18}")).map(Long::parseLong).orElse(0L);
            CertificateFeed.Snapshot s;
            try {
                s = feed.awaitChange(after, RouterApi.LONG_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                s = feed.snapshot();
            }
            return ApiResponse.ok(new CertificatesView(s.version(), feed.fallback(), s.byHostname(), challenges.all()));
        });
    }

    private static void requireAdmin(User caller) {
        if (!caller.admin()) {
            throw new PlatformException.Forbidden("only admin tokens may read the router's certificates:"
                    + " give `paasd router` an admin's token in PAAS_ROUTER_TOKEN");
        }
    }
}
