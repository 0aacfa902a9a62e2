package paas.router.tls;

import paas.vocabulary.Hostname;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The certificates the router's TLS port presents, by hostname (SNI). Fed by the platform the way
 * the {@link paas.router.RouteTable} is: whole snapshots with {@link #replaceAll} and single
 * changes with {@link #put} and {@link #remove}, from any thread; each change swaps in a new
 * immutable map. A hostname may be a one-label wildcard ({@code *.apps.example.com}); an exact
 * name wins over a wildcard. A name without a certificate gets the {@link #fallback()} one.
 *
 * <p>Thread-safe; lookups are one volatile read and a hash lookup, cheap enough per handshake.
 */
public final class CertificateBook {
    private final AtomicReference<Map<String, ServerCertificate>> byHost = new AtomicReference<>(Map.of());
    private final AtomicReference<ServerCertificate> fallback = new AtomicReference<>();

    /** Adds or replaces the certificate for {@code hostname} (exact or {@code *.} wildcard). */
    public void put(String hostname, ServerCertificate certificate) {
        String host = new Hostname(hostname).value();
        Objects.requireNonNull(certificate, "certificate");
        byHost.updateAndGet(m -> {
            Map<String, ServerCertificate> next = new HashMap<>(m);
            next.put(host, certificate);
            return Map.copyOf(next);
        });
    }

    /** Forgets the certificate for {@code hostname}; returns whether there was one. */
    public boolean remove(String hostname) {
        String host = new Hostname(hostname).value();
        Map<String, ServerCertificate> before = byHost.getAndUpdate(m -> {
            if (!m.containsKey(host)) {
                return m;
            }
            Map<String, ServerCertificate> next = new HashMap<>(m);
            next.remove(host);
            return Map.copyOf(next);
        });
        return before.containsKey(host);
    }

    /** Replaces every certificate at once. */
    public void replaceAll(Map<String, ServerCertificate> certificates) {
        Map<String, ServerCertificate> next = new HashMap<>();
        certificates.forEach((h, c) -> next.put(new Hostname(h).value(), Objects.requireNonNull(c, h)));
        byHost.set(Map.copyOf(next));
    }

    /**
     * The certificate presented when no hostname matches (or the client sent no SNI): the
     * operator's wildcard for {@code *.PAAS_DOMAIN}, else one the platform made for itself.
     */
    public void setFallback(ServerCertificate certificate) {
        fallback.set(Objects.requireNonNull(certificate, "certificate"));
    }

    public Optional<ServerCertificate> fallback() {
        return Optional.ofNullable(fallback.get());
    }

    /** The certificate for {@code host} (lowercase, no port), exact first, then the wildcard of its parent; empty when none. */
    public Optional<ServerCertificate> lookup(String host) {
        Map<String, ServerCertificate> m = byHost.get();
        ServerCertificate exact = m.get(host);
        if (exact != null) {
            return Optional.of(exact);
        }
        int dot = host.indexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(m.get("*" + host.substring(dot)));
    }

    /** Every certificate by hostname, as one snapshot. */
    public Map<String, ServerCertificate> all() {
        return byHost.get();
    }
}
