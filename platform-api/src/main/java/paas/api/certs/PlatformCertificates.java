package paas.api.certs;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import paas.api.store.Database;
import paas.api.store.PlatformSecretStore;
import paas.api.tls.CertificateChecks;
import paas.api.tls.CertificateMaker;
import paas.api.tls.CertificatePem;
import paas.api.tls.CheckedCertificate;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The platform's own key material, made once and kept sealed in the store: the certificate the
 * TLS port presents for names without one of their own (the operator's wildcard from files, else
 * a self-signed one for {@code *.PAAS_DOMAIN}), and the ACME account key.
 */
public final class PlatformCertificates {
    static final String FALLBACK_CHAIN = "tls-fallback-chain";
    static final String FALLBACK_KEY = "tls-fallback-key";
    static final String ACME_ACCOUNT_KEY = "acme-account-key";
    /** Long: nothing renews it, and browsers warn about it whatever its age. */
    static final int SELF_SIGNED_DAYS = 3650;

    private final Database db;
    private final PlatformSecretStore secrets;
    private final Clock clock;

    public PlatformCertificates(Database db, Clock clock) {
        this.db = db;
        this.secrets = new PlatformSecretStore(db.secrets());
        this.clock = clock;
    }

    /** Refused operator files, named with what to fix. */
    public static final class Unusable extends RuntimeException {
        public Unusable(String message) {
            super(message);
        }
    }

    /**
     * The operator's certificate from {@code certFile}/{@code keyFile} (checked as a user's would
     * be, self-signed allowed), else the platform's self-signed one for {@code *.domain} and
     * {@code domain}, made at the first start.
     */
    public CheckedCertificate fallback(Optional<Path> certFile, Optional<Path> keyFile, String domain) {
        if (certFile.isPresent() && keyFile.isPresent()) {
            try {
                return new CertificateChecks(true).check(Files.readString(certFile.get()),
                        Files.readString(keyFile.get()), clock.instant());
            } catch (IOException e) {
                throw new Unusable("PAAS_TLS_CERT_FILE or PAAS_TLS_KEY_FILE cannot be read: " + e.getMessage());
            } catch (RuntimeException e) {
                throw new Unusable("PAAS_TLS_CERT_FILE=" + certFile.get() + " with PAAS_TLS_KEY_FILE=" + keyFile.get()
                        + " is not usable: " + e.getMessage());
            }
        }
        return db.inTransaction(c -> {
            Optional<String> chain = secrets.get(c, FALLBACK_CHAIN);
            Optional<String> key = secrets.get(c, FALLBACK_KEY);
            if (chain.isPresent() && key.isPresent()) {
                CheckedCertificate kept = CertificateChecks.issued(CertificatePem.chain(chain.get()),
                        CertificatePem.key(key.get()));
                if (kept.hostnames().contains("*." + domain)) {
                    return new CheckedCertificate(kept.chain(), kept.key(), kept.hostnames(), kept.subject(),
                            kept.issuer(), kept.notBefore(), kept.notAfter(), false);
                }
            }
            CheckedCertificate made = CertificateMaker.selfSigned(List.of("*." + domain, domain), SELF_SIGNED_DAYS,
                    clock.instant());
            secrets.put(c, FALLBACK_CHAIN, CertificatePem.toPem(made.chain()));
            secrets.put(c, FALLBACK_KEY, CertificatePem.toPem(made.key()));
            return made;
        });
    }

    /**
     * Both halves as PKCS#8 and X.509 PEM: a JDK EC key written the traditional way (SEC1) leaves
     * its public half out, and could not be read back as a pair.
     */
    private static KeyPair readKeyPair(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            java.security.PrivateKey privateKey = null;
            java.security.PublicKey publicKey = null;
            Object item;
            while ((item = parser.readObject()) != null) {
                if (item instanceof PrivateKeyInfo info) {
                    privateKey = converter.getPrivateKey(info);
                } else if (item instanceof SubjectPublicKeyInfo info) {
                    publicKey = converter.getPublicKey(info);
                }
            }
            if (privateKey == null || publicKey == null) {
                throw new IllegalStateException("the ACME account key in the store is incomplete");
            }
            return new KeyPair(publicKey, privateKey);
        } catch (IOException e) {
            throw new IllegalStateException("the ACME account key in the store cannot be read", e);
        }
    }

    /** The ACME account's key pair, made at the first start. */
    public KeyPair acmeAccountKey() {
        return db.inTransaction(c -> {
            Optional<String> kept = secrets.get(c, ACME_ACCOUNT_KEY);
            if (kept.isPresent()) {
                return readKeyPair(kept.get());
            }
            KeyPair made = CertificateMaker.ecKeyPair();
            secrets.put(c, ACME_ACCOUNT_KEY, CertificatePem.toPem(made.getPrivate())
                    + CertificatePem.publicKeyPem(made.getPublic()));
            return made;
        });
    }
}
