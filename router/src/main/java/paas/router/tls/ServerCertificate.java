package paas.router.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A certificate chain the router may present, leaf first, with the leaf's private key. Parsed
 * and checked (chain complete, key matching, not expired) by whoever hands it to the router; the
 * router only checks that there is a chain. Immutable.
 *
 * @param key   the leaf certificate's private key
 * @param chain leaf first, then the intermediates (the root may be left out)
 */
public record ServerCertificate(PrivateKey key, List<X509Certificate> chain) {
    public ServerCertificate {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }
}
