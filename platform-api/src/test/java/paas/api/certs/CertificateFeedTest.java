package paas.api.certs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import paas.api.TestDatabases;
import paas.api.domain.DynoSizes;
import paas.api.domain.Quotas;
import paas.api.domain.User;
import paas.api.service.CertificateService;
import paas.api.service.Services;
import paas.api.store.AppStore;
import paas.api.store.CertificateStore;
import paas.api.store.Database;
import paas.api.store.DomainStore;
import paas.api.store.TestSecrets;
import paas.api.tls.CertificateMaker;
import paas.api.tls.CertificatePem;
import paas.api.tls.CheckedCertificate;
import paas.api.tls.TestChains;
import paas.router.tls.CertificateBook;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The book the router presents follows the store: each app's certificate for that app's own
 * domains only (a certificate naming another app's domain is never presented for it), the latest
 * expiry first, and nothing once removed; other routers see a new version each time.
 */
class CertificateFeedTest {
    private static final String ADMIN_TOKEN = "admin-token-for-tests-0001";
    private final TestDatabases databases = new TestDatabases();
    private final TestChains ca = new TestChains();
    private Database db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        databases.close();
    }

    @Test
    void presentsEachAppsCertificatesForItsOwnDomainsOnly() throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of(ADMIN_TOKEN));
        User admin = services.accounts().authenticate(ADMIN_TOKEN).orElseThrow();
        services.apps().create(admin, Optional.of("shop"));
        services.apps().create(admin, Optional.of("blog"));
        services.domains().add(admin, "shop", "www.example.com");
        services.domains().add(admin, "blog", "blog.example.com");
        CertificateBook book = new CertificateBook();
        CheckedCertificate fallback = CertificateMaker.selfSigned(List.of("*.paas.test"), 1, ca.now);
        CertificateFeed feed = new CertificateFeed(db, new CertificateStore(db.secrets()), new DomainStore(), book,
                fallback, Clock.systemUTC());
        CertificateService certs = new CertificateService(db, new CertificateStore(db.secrets()), new DomainStore(),
                new AppStore(), ca.trusting(), Clock.systemUTC(), feed);

        // shop's certificate also names blog's domain: it is presented for shop's name only.
        TestChains.Leaf wide = ca.leaf("www.example.com", "blog.example.com");
        var added = certs.add(admin, "shop", ca.fullChain(wide), wide.keyPem());
        long version = feed.snapshot().version();

        assertThat(book.all().keySet()).containsExactly("www.example.com");
        assertThat(book.lookup("www.example.com").orElseThrow().leaf()).isEqualTo(wide.cert());
        assertThat(book.lookup("blog.example.com")).isEmpty();
        assertThat(feed.snapshot().byHostname().get("www.example.com").key())
                .isEqualTo(CertificatePem.toPem(wide.key().getPrivate()));

        // A second certificate that lasts longer wins; removing it brings the first back.
        TestChains.Leaf longer = ca.leaf(CertificateMaker.ecKeyPair(), ca.now.minusSeconds(60),
                ca.now.plus(Duration.ofDays(300)), "www.example.com");
        var second = certs.add(admin, "shop", ca.fullChain(longer), longer.keyPem());
        assertThat(book.lookup("www.example.com").orElseThrow().leaf()).isEqualTo(longer.cert());
        certs.remove(admin, "shop", second.name());
        assertThat(book.lookup("www.example.com").orElseThrow().leaf()).isEqualTo(wide.cert());

        // The domain goes: so does the certificate from the book.
        services.domains().remove(admin, "shop", "www.example.com");
        feed.refresh(); // Services here are wired without the feed as their listener
        assertThat(book.all()).isEmpty();
        assertThat(feed.awaitChange(version, Duration.ofMillis(1)).version()).isGreaterThan(version);
        assertThat(added.name()).isNotBlank();
    }
}
