package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.Certificate;
import paas.api.domain.Domain;
import paas.api.domain.TlsSettings;
import paas.api.store.AppStore;
import paas.api.store.CertificateStore;
import paas.api.store.Database;
import paas.api.store.DomainStore;
import paas.api.tls.CertificatePem;
import paas.api.tls.CheckedCertificate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform's own certificate writes, for its ACME client: what it reads about ACM apps, and
 * the certificates it stores and removes. No caller, no tenant check: nothing here is reachable
 * from the API. Thread-safe.
 */
public final class AcmeCertificates {
    private final Database db;
    private final CertificateStore certificates;
    private final DomainStore domains;
    private final AppStore apps;
    private final CertificateNames names = new CertificateNames();
    private final AppListener listener;

    /** @param listener told of each change (not the ACME client, which makes them) */
    public AcmeCertificates(Database db, CertificateStore certificates, DomainStore domains, AppStore apps,
                            AppListener listener) {
        this.db = db;
        this.certificates = certificates;
        this.domains = domains;
        this.apps = apps;
        this.listener = listener;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static Certificate certificate(UUID id, UUID appId, String name, CheckedCertificate checked,
                                           Certificate.Source source, Instant createdAt, Instant updatedAt) {
        return CertificateService.certificate(id, appId, name, checked, source, createdAt, updatedAt);
    }

    /**
     * Keeps a certificate the platform's ACME client obtained for app {@code appId}, in place of
     * {@code replacing} (a renewal keeps the name); nothing when ACM was turned off meanwhile.
     */
    public java.util.Optional<Certificate> storeIssued(UUID appId, CheckedCertificate issued,
                                                       java.util.Optional<Certificate> replacing) {
        var stored = db.inTransaction(c -> {
            java.util.Optional<App> found = apps.find(c, appId.toString());
            if (found.isEmpty()) {
                return null;
            }
            apps.lock(c, appId);
            if (!certificates.settings(c, appId).acm()) {
                return null;
            }
            Instant now = now();
            java.util.Optional<Certificate> old = replacing.flatMap(r -> {
                try {
                    return certificates.find(c, appId, r.id().toString());
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Certificate cert = certificate(old.map(Certificate::id).orElse(UUID.randomUUID()), appId,
                    old.map(Certificate::name).orElse(names.next()), issued, Certificate.Source.ACME,
                    old.map(Certificate::createdAt).orElse(now), now);
            if (old.isPresent()) {
                certificates.replace(c, cert, CertificatePem.toPem(issued.key()));
            } else {
                certificates.insert(c, cert, CertificatePem.toPem(issued.key()));
            }
            return Map.entry(found.get().name(), cert);
        });
        if (stored == null) {
            return java.util.Optional.empty();
        }
        listener.on(new AppEvent.CertificatesChanged(stored.getKey()));
        return java.util.Optional.of(stored.getValue());
    }

    /** Forgets an ACME-issued certificate whose names the app no longer routes, and has it revoked. */
    public void removeIssued(Certificate cert) {
        var app = db.inTransaction(c -> {
            certificates.delete(c, cert.id());
            return apps.find(c, cert.appId().toString()).map(App::name);
        });
        app.ifPresent(name -> listener.on(new AppEvent.CertificatesChanged(name)));
    }

    /** The ACME view of one app: its settings, domains and certificates, read together. */
    public record AcmeView(UUID appId, AppName app, TlsSettings settings, List<Domain> domains,
                           List<Certificate> certificates) {
    }

    /** The apps with ACM on, each read as one {@link AcmeView}. */
    public List<AcmeView> acmApps() {
        return db.inTransaction(c -> {
            List<AcmeView> views = new java.util.ArrayList<>();
            for (UUID id : certificates.acmApps(c)) {
                read(c, id).ifPresent(views::add);
            }
            return views;
        });
    }

    /** One app's ACME view by name, if it exists. */
    public java.util.Optional<AcmeView> acmeView(String app) {
        return db.inTransaction(c -> {
            java.util.Optional<App> found = apps.find(c, app);
            return found.isEmpty() ? java.util.Optional.<AcmeView>empty() : read(c, found.get().id());
        });
    }

    private java.util.Optional<AcmeView> read(java.sql.Connection c, UUID id) throws java.sql.SQLException {
        java.util.Optional<App> app = apps.find(c, id.toString());
        if (app.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new AcmeView(id, app.get().name(), certificates.settings(c, id),
                domains.list(c, id), certificates.list(c, id)));
    }

}
