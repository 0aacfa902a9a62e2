package paas.api.tls;

import org.junit.jupiter.api.Test;
import paas.api.domain.PlatformException;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateChecksTest {
    private final TestChains ca = new TestChains();

    @Test
    void acceptsAFullChainUpToATrustedRootAndReadsItsNames() {
        TestChains.Leaf leaf = ca.leaf("www.example.com", "example.com");
        CheckedCertificate checked = ca.trusting().check(ca.fullChain(leaf), leaf.keyPem(), ca.now);

        assertThat(checked.hostnames()).containsExactly("www.example.com", "example.com");
        assertThat(checked.trusted()).isTrue();
        assertThat(checked.issuer()).isEqualTo("CN=Test Intermediate");
        assertThat(checked.notAfter()).isEqualTo(leaf.cert().getNotAfter().toInstant());
    }

    @Test
    void acceptsAChainThatEndsAtAnIntermediateSignedByATrustedRoot() {
        TestChains.Leaf leaf = ca.leaf("www.example.com");
        String chain = CertificatePem.toPem(List.of(leaf.cert(), ca.intermediate));

        assertThat(ca.trusting().check(chain, leaf.keyPem(), ca.now).trusted()).isTrue();
    }

    @Test
    void readsRsaKeysInPkcs1AndEcKeysInSec1() throws Exception {
        KeyPair rsa = CertificateMaker.rsaKeyPair();
        TestChains.Leaf rsaLeaf = ca.leaf(rsa, ca.now.minusSeconds(60), ca.now.plus(Duration.ofDays(1)), "a.example.com");
        assertThat(ca.trusting().check(ca.fullChain(rsaLeaf), traditional(rsa), ca.now).hostnames())
                .containsExactly("a.example.com");

        KeyPair ec = CertificateMaker.ecKeyPair();
        TestChains.Leaf ecLeaf = ca.leaf(ec, ca.now.minusSeconds(60), ca.now.plus(Duration.ofDays(1)), "b.example.com");
        assertThat(ca.trusting().check(ca.fullChain(ecLeaf), traditional(ec), ca.now).hostnames())
                .containsExactly("b.example.com");
    }

    @Test
    void refusesAKeyThatIsNotTheLeafs() {
        TestChains.Leaf leaf = ca.leaf("www.example.com");
        String otherKey = CertificatePem.toPem(CertificateMaker.ecKeyPair().getPrivate());

        assertThatThrownBy(() -> ca.trusting().check(ca.fullChain(leaf), otherKey, ca.now))
                .isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("the private key does not belong to the certificate www.example.com");
    }

    @Test
    void refusesAnExpiredAndANotYetValidLeaf() {
        KeyPair key = CertificateMaker.ecKeyPair();
        TestChains.Leaf expired = ca.leaf(key, ca.now.minus(Duration.ofDays(100)), ca.now.minus(Duration.ofDays(1)),
                "old.example.com");
        assertThatThrownBy(() -> ca.trusting().check(ca.fullChain(expired), expired.keyPem(), ca.now))
                .hasMessageContaining("expired at").hasMessageContaining("renew it");

        TestChains.Leaf future = ca.leaf(key, ca.now.plus(Duration.ofDays(2)), ca.now.plus(Duration.ofDays(100)),
                "new.example.com");
        assertThatThrownBy(() -> ca.trusting().check(ca.fullChain(future), future.keyPem(), ca.now))
                .hasMessageContaining("is not valid before");
    }

    @Test
    void refusesAChainWithoutItsIntermediate() {
        TestChains.Leaf leaf = ca.leaf("www.example.com");
        String leafOnly = CertificatePem.toPem(List.of(leaf.cert()));

        assertThatThrownBy(() -> ca.trusting().check(leafOnly, leaf.keyPem(), ca.now))
                .isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("the chain is incomplete")
                .hasMessageContaining("CN=Test Intermediate")
                .hasMessageContaining("full chain");
    }

    @Test
    void refusesAChainOutOfOrder() {
        TestChains.Leaf leaf = ca.leaf("www.example.com");
        String swapped = CertificatePem.toPem(List.of(leaf.cert(), ca.root, ca.intermediate));

        assertThatThrownBy(() -> ca.trusting().check(swapped, leaf.keyPem(), ca.now))
                .hasMessageContaining("out of order or incomplete");
    }

    @Test
    void refusesAnUntrustedRootAndASelfSignedLeafUnlessAllowed() {
        TestChains.Leaf leaf = ca.leaf("www.example.com");
        CertificateChecks jdkOnly = new CertificateChecks(List.of(), false);
        assertThatThrownBy(() -> jdkOnly.check(ca.fullChain(leaf), leaf.keyPem(), ca.now))
                .hasMessageContaining("not a trusted authority").hasMessageContaining("PAAS_ALLOW_SELF_SIGNED_CERTS=on");

        CheckedCertificate self = CertificateMaker.selfSigned(List.of("self.example.com"), 30, ca.now);
        String selfPem = CertificatePem.toPem(self.chain());
        String selfKey = CertificatePem.toPem(self.key());
        assertThatThrownBy(() -> jdkOnly.check(selfPem, selfKey, ca.now)).hasMessageContaining("is self-signed");

        CheckedCertificate allowed = new CertificateChecks(List.of(), true).check(selfPem, selfKey, ca.now);
        assertThat(allowed.trusted()).isFalse();
        assertThat(allowed.hostnames()).containsExactly("self.example.com");
    }

    @Test
    void refusesWhatIsNotPemWithAMessageNamingTheFix() {
        TestChains.Leaf leaf = ca.leaf("www.example.com");
        assertThatThrownBy(() -> ca.trusting().check("hello", leaf.keyPem(), ca.now))
                .hasMessageContaining("BEGIN CERTIFICATE");
        String oneCert = CertificatePem.toPem(List.of(leaf.cert()));
        assertThatThrownBy(() -> ca.trusting().check(ca.fullChain(leaf), oneCert, ca.now))
                .hasMessageContaining("not a private key");
        assertThatThrownBy(() -> ca.trusting().check(leaf.keyPem() + ca.fullChain(leaf), leaf.keyPem(), ca.now))
                .hasMessageContaining("private key in its own file");
    }

    @Test
    void wildcardsCoverOneLabel() {
        assertThat(paas.vocabulary.Hostname.serves("*.example.com", "www.example.com")).isTrue();
        assertThat(paas.vocabulary.Hostname.serves("*.example.com", "example.com")).isFalse();
        assertThat(paas.vocabulary.Hostname.serves("*.example.com", "a.b.example.com")).isFalse();
        assertThat(paas.vocabulary.Hostname.serves("*.example.com", "*.example.com")).isTrue();
        assertThat(paas.vocabulary.Hostname.serves("www.example.com", "*.example.com")).isFalse();
    }

    /** The traditional OpenSSL forms: PKCS#1 for RSA, SEC1 (with the curve named) for EC. */
    private static String traditional(KeyPair pair) throws Exception {
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        // The JDK's PKCS#8 names the curve outside the inner key; OpenSSL's SEC1 names it inside.
        byte[] der = pair.getPrivate() instanceof java.security.interfaces.ECPrivateKey ec
                ? new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(),
                        info.getPrivateKeyAlgorithm().getParameters()).getEncoded()
                : info.parsePrivateKey().toASN1Primitive().getEncoded();
        String type = pair.getPrivate() instanceof java.security.interfaces.ECPrivateKey ? "EC" : "RSA";
        String pem = "-----BEGIN " + type + " PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + type + " PRIVATE KEY-----\n";
        assertThat(pem).containsPattern("BEGIN (RSA|EC) PRIVATE KEY");
        return pem;
    }
}
