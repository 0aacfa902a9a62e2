package paas.api.certs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.Certificate;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.api.tls.CertificatePem;
import paas.api.tls.CheckedCertificate;
import paas.api.tls.HostnameMatch;
import paas.api.store.CertificateStore;
import paas.api.store.Database;
import paas.api.store.DomainStore;
import paas.router.tls.CertificateBook;
import paas.router.tls.ServerCertificate;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the router's {@link CertificateBook} as the store says: for every hostname an app routes,
 * the certificate of that app that serves it and expires last. A certificate is only ever
 * presented for its own app's domains, whatever names it carries. Read again in full on each
 * change that could matter (certificates, domains, renames, destroys); the book is swapped in one
 * step. Also answers routers in other processes, by version, with a long poll. Thread-safe.
 */
public final class CertificateFeed implements AppListener {
    private static final Logger log = LoggerFactory.getLogger("paasd.tls");

    private final Database db;
    private final CertificateStore certificates;
    private final DomainStore domains;
    private final CertificateBook book;
    private final Clock clock;
    private final Pem fallback;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private Snapshot current = new Snapshot(0, Map.of());

    /** The certificates by hostname, as PEM (chain, key), at one version. */
    public record Snapshot(long version, Map<String, Pem> byHostname) {
    }

    /** The fallback certificate, as PEM. */
    public Pem fallback() {
        return fallback;
    }

    /** A chain and its key, as PEM; the key travels only to routers (admin-only, see docs/security.md). */
    public record Pem(String chain, String key) {
    }

    /** @param fallback what the TLS port presents for names without a certificate (also to other routers) */
    public CertificateFeed(Database db, CertificateStore certificates, DomainStore domains, CertificateBook book,
                           CheckedCertificate fallback, Clock clock) {
        this.fallback = new Pem(CertificatePem.toPem(fallback.chain()), CertificatePem.toPem(fallback.key()));
        this.db = db;
        this.certificates = certificates;
        this.domains = domains;
        this.book = book;
        this.clock = clock;
    }

    @Override
    public void on(AppEvent event) {
        switch (event) {
            case AppEvent.CertificatesChanged e -> refresh();
            case AppEvent.DomainsChanged e -> refresh();
            case AppEvent.Renamed e -> refresh();
            case AppEvent.Destroyed e -> refresh();
            default -> {
            }
        }
    }

    /** Reads every certificate and domain and replaces the book's certificates with them. */
    public void refresh() {
        lock.lock();
        try {
            record Read(List<CertificateStore.Keyed> certs, List<DomainStore.Owned> names) {
            }
            Read read = db.inTransaction(c -> new Read(certificates.allKeyed(c), domains.all(c)));
            Map<UUID, List<CertificateStore.Keyed>> byApp = new HashMap<>();
            read.certs().forEach(k -> byApp.computeIfAbsent(k.certificate().appId(), a -> new java.util.ArrayList<>()).add(k));
            Map<String, Pem> pems = new HashMap<>();
            Map<String, ServerCertificate> served = new HashMap<>();
            Map<UUID, ServerCertificate> parsed = new HashMap<>();
            for (DomainStore.Owned owned : read.names()) {
                String host = owned.hostname().value();
                Optional<CertificateStore.Keyed> best = byApp.getOrDefault(owned.appId(), List.of()).stream()
                        .filter(k -> HostnameMatch.anyCovers(k.certificate().hostnames(), host))
                        .filter(k -> k.certificate().notAfter().isAfter(clock.instant()))
                        .max(Comparator.comparing(k -> k.certificate().notAfter()));
                if (best.isEmpty()) {
                    continue;
                }
                Certificate cert = best.get().certificate();
                try {
                    ServerCertificate server = parsed.computeIfAbsent(cert.id(), id -> new ServerCertificate(
                            CertificatePem.key(best.get().keyPem()), CertificatePem.chain(cert.chainPem())));
                    served.put(host, server);
                    pems.put(host, new Pem(cert.chainPem(), best.get().keyPem()));
                } catch (RuntimeException e) {
                    log.warn("certificate {} of app {} cannot be read and is not served: {}", cert.name(),
                            cert.appId(), e.getMessage());
                }
            }
            book.replaceAll(served);
            current = new Snapshot(current.version() + 1, Map.copyOf(pems));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The ACME answers changed: routers in other processes are told with a new version. */
    public void challengesChanged() {
        lock.lock();
        try {
            current = new Snapshot(current.version() + 1, current.byHostname());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public Snapshot snapshot() {
        lock.lock();
        try {
            return current;
        } finally {
            lock.unlock();
        }
    }

    /** The snapshot after version {@code after}, waiting up to {@code wait} for one; the current one then. */
    public Snapshot awaitChange(long after, Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (current.version() <= after && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return current;
        } finally {
            lock.unlock();
        }
    }
}
