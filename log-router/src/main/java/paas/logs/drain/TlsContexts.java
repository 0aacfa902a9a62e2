package paas.logs.drain;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/** Builds the TLS context drains use, from a trust store file (PKCS#12 or JKS, detected). */
public final class TlsContexts {
    private TlsContexts() {
    }

    /** A context that trusts exactly the certificates in {@code trustStore}. */
    public static SSLContext trusting(Path trustStore, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(trustStore.toFile(), password);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
