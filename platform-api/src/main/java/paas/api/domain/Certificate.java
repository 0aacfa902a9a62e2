package paas.api.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A TLS certificate of an app (Heroku's SNI endpoint): its chain and what was read from its leaf.
 * The private key is never part of this record; it stays sealed in the store and travels only to
 * the router ({@code CertificateStore.Keyed}).
 *
 * @param name      Heroku-like, e.g. {@code tokyo-12345}
 * @param hostnames the leaf's DNS names
 * @param trusted   the chain ends at a root the JDK trusts
 */
public record Certificate(UUID id, UUID appId, String name, String chainPem, List<String> hostnames, String subject,
                          String issuer, boolean trusted, Instant notBefore, Instant notAfter, Source source,
                          Instant createdAt, Instant updatedAt) {
    public Certificate {
        hostnames = List.copyOf(hostnames);
    }

    /** Uploaded by a user, or issued for the app by the platform's ACME client. */
    public enum Source { MANUAL, ACME }
}
