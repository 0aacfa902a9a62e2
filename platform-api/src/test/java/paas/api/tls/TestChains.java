package paas.api.tls;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A private CA (root and intermediate) that issues leaves, for tests of what the platform accepts. */
public final class TestChains {
    public final KeyPair rootKey = CertificateMaker.ecKeyPair();
    public final KeyPair intermediateKey = CertificateMaker.ecKeyPair();
    public final Instant now = Instant.now();
    public final X509Certificate root = CertificateMaker.certificate("CN=Test Root", rootKey, List.of(),
            "CN=Test Root", rootKey.getPrivate(), now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(3650)), true);
    public final X509Certificate intermediate = CertificateMaker.certificate("CN=Test Intermediate", intermediateKey,
            List.of(), "CN=Test Root", rootKey.getPrivate(), now.minus(Duration.ofDays(10)),
            now.plus(Duration.ofDays(3650)), true);

    public record Leaf(X509Certificate cert, KeyPair key) {
        public String keyPem() {
            return CertificatePem.toPem(key.getPrivate());
        }
    }

    public Leaf leaf(KeyPair key, Instant notBefore, Instant notAfter, String... names) {
        return new Leaf(CertificateMaker.certificate("CN=" + names[0], key, List.of(names), "CN=Test Intermediate",
                intermediateKey.getPrivate(), notBefore, notAfter, false), key);
    }

    public Leaf leaf(String... names) {
        return leaf(CertificateMaker.ecKeyPair(), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(90)), names);
    }

    /** Leaf, intermediate and root, as a "full chain" file has them. */
    public String fullChain(Leaf leaf) {
        return CertificatePem.toPem(List.of(leaf.cert(), intermediate, root));
    }

    /** A checker that trusts this CA's root as the JDK trusts public ones. */
    public CertificateChecks trusting() {
        return new CertificateChecks(List.of(root), false);
    }
}
