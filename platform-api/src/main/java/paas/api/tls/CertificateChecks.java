package paas.api.tls;

import paas.api.domain.PlatformException;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The checks a certificate passes before the platform keeps it: the PEM parses, the key is the
 * leaf's, the leaf is valid now, each certificate is signed by the next, and the last one is a
 * root or is signed by a root the JDK trusts ({@code cacerts}). A self-signed leaf, or a chain up
 * to a root the JDK does not know, is refused unless the operator allows self-signed
 * certificates ({@code PAAS_ALLOW_SELF_SIGNED_CERTS=on}). Every refusal is a 422 saying what to
 * fix; nothing here changes anything. Thread-safe.
 */
public final class CertificateChecks {
    private final List<X509Certificate> anchors;
    private final boolean allowSelfSigned;

    public CertificateChecks(boolean allowSelfSigned) {
        this(jdkTrustAnchors(), allowSelfSigned);
    }

    CertificateChecks(List<X509Certificate> anchors, boolean allowSelfSigned) {
        this.anchors = List.copyOf(anchors);
        this.allowSelfSigned = allowSelfSigned;
    }

    /** Parses and checks a user's certificate chain and key, valid at {@code now}. */
    public CheckedCertificate check(String chainPem, String keyPem, Instant now) {
        List<X509Certificate> chain = CertificatePem.chain(chainPem);
        PrivateKey key = CertificatePem.key(keyPem);
        X509Certificate leaf = chain.get(0);
        if (!keyMatches(key, leaf.getPublicKey())) {
            throw new PlatformException.InvalidParams("the private key does not belong to the certificate "
                    + subjectOf(leaf) + ": give the key that was made with its signing request (the first"
                    + " certificate in the chain file must be yours, not an intermediate)");
        }
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            throw new PlatformException.InvalidParams("the certificate " + subjectOf(leaf) + " expired at "
                    + leaf.getNotAfter().toInstant() + ": renew it with your certificate authority and add the new one");
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            throw new PlatformException.InvalidParams("the certificate " + subjectOf(leaf) + " is not valid before "
                    + leaf.getNotBefore().toInstant() + ": add it from then on, or check this host's clock");
        }
        boolean trusted = checkChain(chain);
        List<String> hostnames = dnsNames(leaf);
        if (hostnames.isEmpty()) {
            throw new PlatformException.InvalidParams("the certificate " + subjectOf(leaf) + " names no DNS name"
                    + " (subject alternative name): browsers need one; have it issued for your domain names");
        }
        return new CheckedCertificate(chain, key, hostnames, leaf.getSubjectX500Principal().getName(),
                leaf.getIssuerX500Principal().getName(), leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(), trusted);
    }

    /** Reads what the store keeps about a chain a CA just issued (ACME): no trust decision, it was asked for. */
    public static CheckedCertificate issued(List<X509Certificate> chain, PrivateKey key) {
        X509Certificate leaf = chain.get(0);
        return new CheckedCertificate(chain, key, dnsNames(leaf), leaf.getSubjectX500Principal().getName(),
                leaf.getIssuerX500Principal().getName(), leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant(), true);
    }

    /** Whether the chain ends at a trusted root; throws when it is broken or ends where it may not. */
    private boolean checkChain(List<X509Certificate> chain) {
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate next = chain.get(i + 1);
            if (!cert.getIssuerX500Principal().equals(next.getSubjectX500Principal())
                    || !signedBy(cert, next.getPublicKey())) {
                throw new PlatformException.InvalidParams("the chain is out of order or incomplete: "
                        + subjectOf(cert) + " was issued by " + cert.getIssuerX500Principal().getName()
                        + ", but the certificate after it is " + subjectOf(next)
                        + "; put your certificate first, then each intermediate after the one it issued");
            }
        }
        X509Certificate last = chain.get(chain.size() - 1);
        boolean selfIssued = last.getIssuerX500Principal().equals(last.getSubjectX500Principal())
                && signedBy(last, last.getPublicKey());
        if (selfIssued) {
            boolean known = anchors.stream().anyMatch(a -> a.equals(last));
            if (!known && !allowSelfSigned) {
                throw new PlatformException.InvalidParams(chain.size() == 1
                        ? "the certificate " + subjectOf(last) + " is self-signed, and this platform accepts only"
                        + " certificates from a trusted authority: get one (or use `paas certs:auto:enable`), or"
                        + " have the operator set PAAS_ALLOW_SELF_SIGNED_CERTS=on"
                        : "the chain ends at the root " + subjectOf(last) + ", which is not a trusted authority:"
                        + " use a certificate from a public CA, or have the operator set"
                        + " PAAS_ALLOW_SELF_SIGNED_CERTS=on");
            }
            return known;
        }
        X500Principal issuer = last.getIssuerX500Principal();
        for (X509Certificate anchor : anchors) {
            if (anchor.getSubjectX500Principal().equals(issuer) && signedBy(last, anchor.getPublicKey())) {
                return true;
            }
        }
        if (allowSelfSigned) {
            return false;
        }
        throw new PlatformException.InvalidParams("the chain is incomplete: " + subjectOf(last) + " was issued by "
                + issuer.getName() + ", which is neither in the chain nor a trusted root; add its intermediate"
                + " certificate(s) after it in the chain file (your CA's \"full chain\" file has them)");
    }

    static List<String> dnsNames(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String name) {
                        String lower = name.toLowerCase(Locale.ROOT);
                        if (!names.contains(lower)) {
                            names.add(lower);
                        }
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new PlatformException.InvalidParams("the certificate's subject alternative names cannot be read: "
                    + e.getMessage());
        }
        return names;
    }

    /** A signature made with {@code key} verifies with {@code publicKey}: the two belong together. */
    static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new PlatformException.InvalidParams("the private key is a " + key.getAlgorithm()
                    + " key: use an RSA or EC key");
        };
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean signedBy(X509Certificate cert, PublicKey issuerKey) {
        try {
            cert.verify(issuerKey);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String subjectOf(X509Certificate cert) {
        List<String> names = dnsNamesOrEmpty(cert);
        return names.isEmpty() ? cert.getSubjectX500Principal().getName() : names.get(0);
    }

    private static List<String> dnsNamesOrEmpty(X509Certificate cert) {
        try {
            return dnsNames(cert);
        } catch (PlatformException e) {
            return List.of();
        }
    }

    /** The roots of the JDK's default trust store. */
    static List<X509Certificate> jdkTrustAnchors() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast)
                    .flatMap(tm -> Arrays.stream(tm.getAcceptedIssuers())).toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust store cannot be read", e);
        }
    }
}
