package paas.api.certs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import paas.api.TestDatabases;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.api.tls.CertificatePem;
import paas.api.tls.CheckedCertificate;
import paas.api.tls.TestChains;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fallback certificate and the ACME account key: made once, kept sealed, the same at the next start. */
class PlatformCertificatesTest {
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
    void theSelfSignedFallbackAndTheAccountKeyAreMadeOnceAndKept(@TempDir Path dir) throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        PlatformCertificates first = new PlatformCertificates(db, Clock.systemUTC());
        CheckedCertificate made = first.fallback(Optional.empty(), Optional.empty(), "paas.test");
        KeyPair account = first.acmeAccountKey();

        PlatformCertificates next = new PlatformCertificates(db, Clock.systemUTC());
        assertThat(next.fallback(Optional.empty(), Optional.empty(), "paas.test").leaf()).isEqualTo(made.leaf());
        assertThat(made.hostnames()).containsExactly("*.paas.test", "paas.test");
        assertThat(made.trusted()).isFalse();
        assertThat(next.acmeAccountKey().getPublic()).isEqualTo(account.getPublic());
        assertThat(next.fallback(Optional.empty(), Optional.empty(), "other.test").hostnames())
                .as("another PAAS_DOMAIN gets a certificate of its own").contains("*.other.test");
    }

    @Test
    void theOperatorsFilesAreCheckedAndABadPairIsNamed(@TempDir Path dir) throws Exception {
        db = Database.open(databases.newDatabase(TestDatabases.Kind.H2), TestSecrets.box());
        TestChains ca = new TestChains();
        TestChains.Leaf wildcard = ca.leaf("*.paas.test");
        Path cert = Files.writeString(dir.resolve("wildcard.crt"), ca.fullChain(wildcard));
        Path key = Files.writeString(dir.resolve("wildcard.key"), wildcard.keyPem());
        Path otherKey = Files.writeString(dir.resolve("other.key"), ca.leaf("x.paas.test").keyPem());
        PlatformCertificates certificates = new PlatformCertificates(db, Clock.systemUTC());

        assertThat(certificates.fallback(Optional.of(cert), Optional.of(key), "paas.test").leaf())
                .isEqualTo(wildcard.cert());
        assertThatThrownBy(() -> certificates.fallback(Optional.of(cert), Optional.of(otherKey), "paas.test"))
                .isInstanceOf(PlatformCertificates.Unusable.class)
                .hasMessageContaining("PAAS_TLS_CERT_FILE=" + cert)
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> certificates.fallback(Optional.of(dir.resolve("missing.crt")), Optional.of(key),
                "paas.test")).hasMessageContaining("cannot be read");
        assertThat(CertificatePem.chain(ca.fullChain(wildcard))).hasSize(3);
    }
}
