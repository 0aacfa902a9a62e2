package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.Certificate;
import paas.api.domain.Domain;
import paas.api.domain.PlatformException;
import paas.api.domain.TlsSettings;
import paas.api.domain.User;
import paas.api.store.CertificateStore;
import paas.api.store.Database;
import paas.api.store.DomainStore;
import paas.api.tls.CertificateChecks;
import paas.api.tls.CertificatePem;
import paas.api.tls.CheckedCertificate;
import paas.api.tls.HostnameMatch;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An app's TLS certificates (Heroku's SNI endpoints) and its TLS settings: ACM and HTTPS-only.
 * A certificate is checked ({@link CertificateChecks}) and must name one of the app's domains
 * before anything is written. Thread-safe.
 */
public final class CertificateService {

    private final Database db;
    private final CertificateStore certificates;
    private final DomainStore domains;
    private final AppGuard guard;
    private final paas.api.store.AppStore apps;
    private final CertificateChecks checks;
    private final Clock clock;
    private final AppListener listener;
    private final CertificateNames names = new CertificateNames();

    /** @param listener told of each change, and of each certificate removed ({@link AppEvent.CertificateRemoved}) */
    public CertificateService(Database db, CertificateStore certificates, DomainStore domains,
                              paas.api.store.AppStore apps, CertificateChecks checks, Clock clock, AppListener listener) {
        this.db = db;
        this.certificates = certificates;
        this.domains = domains;
        this.apps = apps;
        this.guard = new AppGuard(apps);
        this.checks = checks;
        this.clock = clock;
        this.listener = listener;
    }

    public List<Certificate> list(User caller, String app) {
        return db.inTransaction(c -> certificates.list(c, guard.require(c, caller, app).id()));
    }

    public Certificate get(User caller, String app, String idOrName) {
        return db.inTransaction(c -> {
            App found = guard.require(c, caller, app);
            return certificates.find(c, found.id(), idOrName).orElseThrow(() -> notFound(found.name(), idOrName));
        });
    }

    /** The app's domains, for showing which of them a certificate serves. */
    public List<Domain> domains(User caller, String app) {
        return db.inTransaction(c -> domains.list(c, guard.require(c, caller, app).id()));
    }

    public Certificate add(User caller, String app, String chainPem, String keyPem) {
        CheckedCertificate checked = checks.check(chainPem, keyPem, clock.instant());
        var added = db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            requireServesADomain(c, found, checked);
            Instant now = now();
            Certificate cert = certificate(UUID.randomUUID(), found.id(), names.next(), checked, Certificate.Source.MANUAL,
                    now, now);
            certificates.insert(c, cert, CertificatePem.toPem(checked.key()));
            return Map.entry(found.name(), cert);
        });
        listener.on(new AppEvent.CertificatesChanged(added.getKey()));
        return added.getValue();
    }

    /** Replaces the chain and key of the certificate {@code idOrName}; it keeps its id and name. */
    public Certificate update(User caller, String app, String idOrName, String chainPem, String keyPem) {
        CheckedCertificate checked = checks.check(chainPem, keyPem, clock.instant());
        var updated = db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            Certificate old = certificates.find(c, found.id(), idOrName).orElseThrow(() -> notFound(found.name(), idOrName));
            if (old.source() == Certificate.Source.ACME) {
                throw new PlatformException.InvalidParams("the certificate " + old.name() + " is managed by ACM;"
                        + " run `paas certs:auto:disable` first, or add yours with `paas certs:add`");
            }
            requireServesADomain(c, found, checked);
            Certificate cert = certificate(old.id(), found.id(), old.name(), checked, Certificate.Source.MANUAL,
                    old.createdAt(), now());
            certificates.replace(c, cert, CertificatePem.toPem(checked.key()));
            return Map.entry(found.name(), cert);
        });
        listener.on(new AppEvent.CertificatesChanged(updated.getKey()));
        return updated.getValue();
    }

    public Certificate remove(User caller, String app, String idOrName) {
        var removed = db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            Certificate cert = certificates.find(c, found.id(), idOrName).orElseThrow(() -> notFound(found.name(), idOrName));
            certificates.delete(c, cert.id());
            return Map.entry(found.name(), cert);
        });
        after(removed.getKey(), List.of(removed.getValue()));
        return removed.getValue();
    }

    public TlsSettings settings(User caller, String app) {
        return db.inTransaction(c -> certificates.settings(c, guard.require(c, caller, app).id()));
    }

    /** Turns ACM on or off; off removes (and revokes) the certificates ACM issued. */
    public TlsSettings setAcm(User caller, String app, boolean on) {
        var changed = db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            TlsSettings next = new TlsSettings(on, certificates.settings(c, found.id()).httpsOnly());
            certificates.setSettings(c, found.id(), next);
            List<Certificate> dropped = on ? List.of() : certificates.list(c, found.id()).stream()
                    .filter(cert -> cert.source() == Certificate.Source.ACME).toList();
            for (Certificate cert : dropped) {
                certificates.delete(c, cert.id());
            }
            return new Changed(found.name(), next, dropped);
        });
        after(changed.app(), changed.dropped());
        return changed.settings();
    }

    public TlsSettings setHttpsOnly(User caller, String app, boolean on) {
        var changed = db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            TlsSettings next = new TlsSettings(certificates.settings(c, found.id()).acm(), on);
            certificates.setSettings(c, found.id(), next);
            return new Changed(found.name(), next, List.of());
        });
        after(changed.app(), List.of());
        return changed.settings();
    }

    private record Changed(AppName app, TlsSettings settings, List<Certificate> dropped) {
    }

    private void after(AppName app, List<Certificate> removed) {
        listener.on(new AppEvent.CertificatesChanged(app));
        removed.forEach(cert -> listener.on(new AppEvent.CertificateRemoved(app, cert)));
    }

    private void requireServesADomain(java.sql.Connection c, App app, CheckedCertificate checked)
            throws java.sql.SQLException {
        List<String> hostnames = domains.list(c, app.id()).stream().map(d -> d.hostname().value()).toList();
        boolean serves = hostnames.stream().anyMatch(h -> HostnameMatch.anyCovers(checked.hostnames(), h));
        if (!serves) {
            throw new PlatformException.InvalidParams("the certificate is for " + String.join(", ", checked.hostnames())
                    + ", none of which is a domain of app " + app.name() + " (" + String.join(", ", hostnames)
                    + "): add the domain first with `paas domains:add HOSTNAME -a " + app.name() + "`");
        }
    }

    public static Certificate certificate(UUID id, UUID appId, String name, CheckedCertificate checked,
                                   Certificate.Source source, Instant createdAt, Instant updatedAt) {
        return new Certificate(id, appId, name, CertificatePem.toPem(checked.chain()), checked.hostnames(),
                checked.subject(), checked.issuer(), checked.trusted(), checked.notBefore(), checked.notAfter(), source,
                createdAt, updatedAt);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static PlatformException.NotFound notFound(AppName app, String idOrName) {
        return new PlatformException.NotFound("app " + app + " has no certificate " + idOrName
                + ": `paas certs -a " + app + "` lists them");
    }
}
