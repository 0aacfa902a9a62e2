package paas.api.certs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.Certificate;
import paas.api.domain.Domain;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.api.tls.AcmStatus;
import paas.api.tls.AcmeIssuer;
import paas.api.tls.CertificatePem;
import paas.api.tls.CheckedCertificate;
import paas.api.service.AcmeCertificates;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Automated certificate management: for each app with ACM on, a certificate from the ACME server
 * for each of its domains (and its default hostname unless the platform's trusted wildcard covers
 * it), ordered when missing, renewed when it expires within {@link #RENEW_BEFORE} (a check every
 * {@code PAAS_ACME_CHECK_INTERVAL_SECONDS}, daily by default),
 * and revoked when the name is no longer the app's, when ACM is turned off and when the app is destroyed
 * (told as {@link AppEvent.CertificateRemoved}). Every order runs on this manager's one
 * platform thread (ACME orders block on the network and poll with sleeps), in turn. What happens
 * goes to the app's log as {@code paas[acm]} lines; each hostname's state is kept for
 * {@code certs:auto}. Thread-safe.
 */
public final class AcmeManager implements AppListener, AutoCloseable {
    /** Let's Encrypt's advice: renew with a third of a 90-day certificate left. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger("paasd.acme");

    private final AcmeCertificates certificates;
    private final AcmeIssuer issuer;
    private final Predicate<String> coveredByPlatform;
    private final BiConsumer<String, String> appLog;
    private final Clock clock;
    private final Map<String, AcmStatus> statuses = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private volatile Thread worker;

    /**
     * @param coveredByPlatform whether a hostname is served by the platform's own trusted certificate
     * @param appLog            writes one line to an app's log: (app, text)
     */
    public AcmeManager(AcmeCertificates certificates, AcmeIssuer issuer, Predicate<String> coveredByPlatform,
                       BiConsumer<String, String> appLog, Clock clock) {
        this.certificates = certificates;
        this.issuer = issuer;
        this.coveredByPlatform = coveredByPlatform;
        this.appLog = appLog;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = Thread.ofPlatform().name("acme").daemon().unstarted(r);
            worker = t;
            return t;
        });
    }

    /** Checks every ACM app now and then every {@code every}. */
    public void start(Duration every) {
        executor.scheduleWithFixedDelay(this::checkAll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void on(AppEvent event) {
        if (Thread.currentThread() == worker) {
            return; // this manager's own store writes: nothing new to do
        }
        switch (event) {
            case AppEvent.CertificatesChanged e -> submit(e.app().value(), false);
            case AppEvent.DomainsChanged e -> submit(e.app().value(), false);
            case AppEvent.Renamed e -> submit(e.app().value(), false);
            case AppEvent.CertificateRemoved e -> {
                if (e.certificate().source() == Certificate.Source.ACME) {
                    revokeLater(e.app().value(), e.certificate());
                }
            }
            default -> {
            }
        }
    }

    /** Orders again now, whatever the certificates' expiry ({@code certs:auto:refresh}). */
    public void refresh(String app) {
        submit(app, true);
    }

    /** The ACM state of each of the app's hostnames, in the order of its domains. */
    public List<AcmStatus> statuses(String app) {
        return certificates.acmeView(app).map(v -> v.domains().stream()
                .map(d -> statuses.getOrDefault(d.hostname().value(), new AcmStatus(d.hostname().value(),
                        AcmStatus.PENDING, "", null))).toList()).orElse(List.of());
    }

    private void submit(String app, boolean force) {
        try {
            executor.execute(() -> certificates.acmeView(app).ifPresent(v -> check(v, force)));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // paasd is stopping; the next start checks every app
        }
    }

    private void checkAll() {
        try {
            certificates.acmApps().forEach(v -> check(v, false));
        } catch (RuntimeException e) {
            log.warn("the ACM check could not read the store: {}", e.getMessage());
        }
    }

    private void check(AcmeCertificates.AcmeView app, boolean force) {
        String name = app.app().value();
        List<Certificate> issued = app.certificates().stream().filter(c -> c.source() == Certificate.Source.ACME).toList();
        List<String> wanted = app.domains().stream()
                .filter(d -> d.kind() == Domain.Kind.CUSTOM || !coveredByPlatform.test(d.hostname().value()))
                .map(d -> d.hostname().value()).toList();
        if (!app.settings().acm()) {
            app.domains().forEach(d -> statuses.remove(d.hostname().value()));
            return;
        }
        for (Certificate cert : issued) {
            if (cert.hostnames().stream().noneMatch(wanted::contains)) {
                certificates.removeIssued(cert);
                appLog.accept(name, "Removed certificate " + cert.name() + " for " + String.join(", ", cert.hostnames())
                        + ": no longer a domain of the app");
                revoke(name, cert, true);
            }
        }
        for (Domain d : app.domains()) {
            String host = d.hostname().value();
            if (!wanted.contains(host)) {
                statuses.put(host, new AcmStatus(host, AcmStatus.COVERED, "", clock.instant()));
                continue;
            }
            if (host.startsWith("*.")) {
                fail(name, host, "a wildcard name needs a DNS-01 challenge, which this platform does not answer;"
                        + " add a certificate for it with `paas certs:add`");
                continue;
            }
            Optional<Certificate> current = issued.stream().filter(c -> c.hostnames().contains(host))
                    .max(Comparator.comparing(Certificate::notAfter));
            if (!force && current.isPresent() && current.get().notAfter().isAfter(clock.instant().plus(RENEW_BEFORE))) {
                statuses.put(host, new AcmStatus(host, AcmStatus.ISSUED, "", current.get().updatedAt()));
                continue;
            }
            statuses.put(host, new AcmStatus(host, AcmStatus.PENDING, "", clock.instant()));
            try {
                CheckedCertificate cert = issuer.issue(host);
                Optional<Certificate> stored = certificates.storeIssued(app.appId(), cert, current);
                if (stored.isPresent()) {
                    statuses.put(host, new AcmStatus(host, AcmStatus.ISSUED, "", clock.instant()));
                    appLog.accept(name, (current.isPresent() ? "Renewed" : "Issued") + " certificate for " + host
                            + " (expires " + cert.notAfter() + ", issuer " + cert.issuer() + ")");
                } else {
                    // ACM was turned off or the app destroyed while the order ran: nobody holds this key's
                    // certificate, so it must not stay valid either.
                    revokeUnstored(name, host, cert);
                }
            } catch (AcmeIssuer.Failure e) {
                fail(name, host, e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("ACM for {} failed", host, e);
                fail(name, host, "the order failed: " + e.getMessage());
            }
        }
    }

    private void fail(String app, String host, String reason) {
        AcmStatus before = statuses.get(host);
        statuses.put(host, new AcmStatus(host, AcmStatus.FAILING, reason, clock.instant()));
        if (before == null || !reason.equals(before.reason())) {
            appLog.accept(app, "Certificate for " + host + " failed: " + reason);
        }
    }

    /**
     * Revokes an ACME-issued certificate the platform removed from {@code app} (by {@code certs:remove},
     * ACM turned off, or the app destroyed); runs on this manager's thread. Only paasd's log tells it:
     * the app may be gone, and a line kept under its name would greet the next app of that name.
     */
    private void revokeLater(String app, Certificate cert) {
        try {
            executor.execute(() -> revoke(app, cert, false));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            log.warn("certificate {} of {} was removed while paasd stopped and is not revoked", cert.name(), app);
        }
    }

    private void revoke(String app, Certificate cert, boolean toAppLog) {
        try {
            X509Certificate leaf = CertificatePem.chain(cert.chainPem()).get(0);
            issuer.revoke(leaf);
            log.info("revoked certificate {} (serial {}) of {} for {}", cert.name(), leaf.getSerialNumber().toString(16),
                    app, cert.hostnames());
            if (toAppLog) {
                appLog.accept(app, "Revoked certificate " + cert.name() + " for " + String.join(", ", cert.hostnames()));
            }
        } catch (AcmeIssuer.Failure | RuntimeException e) {
            log.warn("certificate {} of {} was removed but not revoked: {}", cert.name(), app, e.getMessage());
        }
    }

    private void revokeUnstored(String app, String host, CheckedCertificate cert) {
        try {
            issuer.revoke(cert.chain().get(0));
            log.info("revoked the certificate just issued for {} (serial {}): {} no longer wants it", host,
                    cert.chain().get(0).getSerialNumber().toString(16), app);
        } catch (AcmeIssuer.Failure | RuntimeException e) {
            log.warn("the certificate just issued for {} is not kept ({} no longer wants it) and not revoked: {}",
                    host, app, e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

}
