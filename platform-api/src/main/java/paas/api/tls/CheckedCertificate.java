package paas.api.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A certificate chain and its key that passed {@link CertificateChecks}: what the store keeps and
 * the router presents.
 *
 * @param hostnames the leaf's DNS names (subject alternative names), lowercase, as listed
 * @param trusted   the chain ends at a root the JDK trusts (false for self-signed and private CAs)
 */
public record CheckedCertificate(List<X509Certificate> chain, PrivateKey key, List<String> hostnames, String subject,
                                 String issuer, Instant notBefore, Instant notAfter, boolean trusted) {
    public CheckedCertificate {
        chain = List.copyOf(chain);
        hostnames = List.copyOf(hostnames);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }
}
