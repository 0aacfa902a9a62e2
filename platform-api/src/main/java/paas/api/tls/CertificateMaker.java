package paas.api.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Makes key pairs and X.509 certificates: the platform's self-signed fallback for its TLS port,
 * and (in tests) whole chains. Stateless.
 */
public final class CertificateMaker {
    private CertificateMaker() {
    }

    /** A P-256 key pair: small, fast, what browsers and ACME CAs all take. */
    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make P-256 keys", e);
        }
    }

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make RSA keys", e);
        }
    }

    /**
     * A certificate for {@code subject}'s public key with {@code dnsNames} as its alternative
     * names, signed by {@code issuerKey} in the name of {@code issuerName} ({@code subjectName}
     * itself when self-signed).
     */
    public static X509Certificate certificate(String subjectName, KeyPair subject, List<String> dnsNames,
                                              String issuerName, PrivateKey issuerKey, Instant notBefore,
                                              Instant notAfter, boolean authority) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuerName),
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(notBefore),
                    Date.from(notAfter), new X500Name(subjectName), subject.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (!dnsNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n)).toArray(GeneralName[]::new)));
            }
            String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a certificate for " + subjectName, e);
        }
    }

    /** A self-signed certificate for {@code dnsNames}, valid from now for {@code days}. */
    public static CheckedCertificate selfSigned(List<String> dnsNames, int days, Instant now) {
        KeyPair pair = ecKeyPair();
        String name = "CN=" + dnsNames.get(0);
        X509Certificate cert = certificate(name, pair, dnsNames, name, pair.getPrivate(),
                now.minusSeconds(3600), now.plus(java.time.Duration.ofDays(days)), false);
        return new CheckedCertificate(List.of(cert), pair.getPrivate(), dnsNames,
                cert.getSubjectX500Principal().getName(), cert.getIssuerX500Principal().getName(),
                cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant(), false);
    }
}
