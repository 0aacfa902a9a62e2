package paas.api.service;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.domain.AppName;
import paas.api.domain.Certificate;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.User;
import paas.api.store.AppStore;
import paas.api.store.CertificateStore;
import paas.api.store.Database;
import paas.api.store.DomainStore;
import paas.api.store.TestSecrets;
import paas.api.tls.CertificateChecks;
import paas.api.tls.CertificateMaker;
import paas.api.tls.CertificatePem;
import paas.api.tls.CheckedCertificate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Destroying an app tells each certificate the platform issued for it as removed, after the app is
 * gone, so the ACME client revokes it as it does on {@code certs:auto:disable}; an uploaded
 * certificate is the user's and is only deleted.
 */
class AppDestroyCertificatesTest {
    private static final String ADMIN_TOKEN = "admin-token-for-tests-0001";
    private final TestDatabases databases = new TestDatabases();
    private Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        databases.close();
    }

    @Test
    void theAppsIssuedCertificatesAreToldAsRemovedWhenItIsDestroyed() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        List<AppEvent> events = new CopyOnWriteArrayList<>();
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults(), events::add,
                paas.logs.DrainPolicy.allowingLoopback());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
        User admin = services.accounts().authenticate(ADMIN_TOKEN).orElseThrow();
        services.apps().create(admin, Optional.of("shop"));
        services.apps().create(admin, Optional.of("blog"));
        services.domains().add(admin, "shop", "www.shop.test");
        CertificateStore store = new CertificateStore(db.secrets());
        CertificateService certs = new CertificateService(db, store, new DomainStore(), new AppStore(),
                new CertificateChecks(true), Clock.systemUTC(), events::add);
        AcmeCertificates acme = new AcmeCertificates(db, store, new DomainStore(), new AppStore(), events::add);
        certs.setAcm(admin, "shop", true);
        certs.setAcm(admin, "blog", true);
        Instant now = Instant.now();
        Certificate issued = acme.storeIssued(services.apps().get(admin, "shop").id(),
                CertificateMaker.selfSigned(List.of("www.shop.test"), 10, now), Optional.empty()).orElseThrow();
        Certificate othersIssued = acme.storeIssued(services.apps().get(admin, "blog").id(),
                CertificateMaker.selfSigned(List.of("blog.paas.test"), 10, now), Optional.empty()).orElseThrow();
        CheckedCertificate uploaded = CertificateMaker.selfSigned(List.of("shop.paas.test"), 10, now);
        certs.add(admin, "shop", CertificatePem.toPem(uploaded.chain()), CertificatePem.toPem(uploaded.key()));
        events.clear();

        services.apps().destroy(admin, "shop");

        assertThat(events).first().isEqualTo(new AppEvent.Destroyed(new AppName("shop"), java.util.Set.of()));
        assertThat(events.stream().filter(e -> e instanceof AppEvent.CertificateRemoved)
                .map(e -> (AppEvent.CertificateRemoved) e).toList())
                .as("only the issued one, once, with its chain for the revocation")
                .singleElement().satisfies(removed -> {
                    assertThat(removed.app()).isEqualTo(new AppName("shop"));
                    assertThat(removed.certificate().id()).isEqualTo(issued.id());
                    assertThat(removed.certificate().chainPem()).isEqualTo(issued.chainPem());
                });
        assertThat(certs.list(admin, "blog")).extracting(Certificate::id).containsExactly(othersIssued.id());
    }
}
