package paas.router.proxy;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.Mapping;
import paas.router.tls.CertificateBook;
import paas.router.tls.ServerCertificate;

import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TLS settings for each certificate of a {@link CertificateBook}: maps the SNI hostname of a
 * handshake (null without SNI) to the {@link SslContext} of its certificate, the book's fallback
 * when no name matches, or null when there is not even that. One context is built per
 * {@link ServerCertificate} instance and kept while the book holds that instance: a certificate
 * put in the book is used from the next handshake on, and an unchanged one is never rebuilt.
 *
 * <p>TLS 1.2 and 1.3 with Mozilla's "intermediate" cipher suites (ECDHE with AES-GCM or
 * ChaCha20-Poly1305, all allowed by HTTP/2); ALPN offers h2, then http/1.1. BoringSSL
 * (netty-tcnative) when it loads, the JDK's provider otherwise. Called on event loops.
 */
final class TlsContexts implements Mapping<String, SslContext> {
    /** Mozilla intermediate (v5.7), TLS 1.3 suites first; the provider's filter drops what it lacks (DHE in BoringSSL). */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final CertificateBook book;
    private final SslProvider provider;
    /** Keyed by identity: a certificate equal to another but put anew is still a new one. */
    private final Map<ServerCertificate, SslContext> built = Collections.synchronizedMap(new IdentityHashMap<>());

    TlsContexts(CertificateBook book) {
        this(book, OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    }

    TlsContexts(CertificateBook book, SslProvider provider) {
        this.book = book;
        this.provider = provider;
    }

    SslProvider provider() {
        return provider;
    }

    /** The context for {@code sniHostname} (lowercase ASCII, or null); null when the book has no certificate for it. */
    @Override
    public SslContext map(String sniHostname) {
        ServerCertificate certificate = certificateFor(sniHostname);
        if (certificate == null) {
            return null;
        }
        SslContext context = built.get(certificate);
        if (context == null) {
            context = build(certificate);
            SslContext raced = built.putIfAbsent(certificate, context);
            if (raced != null) {
                context = raced;
            } else {
                forgetReplaced();
            }
        }
        return context;
    }

    private ServerCertificate certificateFor(String sniHostname) {
        if (sniHostname != null) {
            String host = sniHostname.endsWith(".") ? sniHostname.substring(0, sniHostname.length() - 1) : sniHostname;
            ServerCertificate exact = book.lookup(host).orElse(null);
            if (exact != null) {
                return exact;
            }
        }
        return book.fallback().orElse(null);
    }

    /** Drops the contexts of certificates the book no longer holds; runs only after a new context was built. */
    private void forgetReplaced() {
        Set<ServerCertificate> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(book.all().values());
        book.fallback().ifPresent(live::add);
        synchronized (built) {
            built.keySet().retainAll(live);
        }
    }

    /** How many contexts are kept (for tests). */
    int cached() {
        return built.size();
    }

    private SslContext build(ServerCertificate certificate) {
        try {
            return SslContextBuilder.forServer(certificate.key(), certificate.chain().toArray(X509Certificate[]::new))
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(
                            ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .build();
        } catch (SSLException e) {
            throw new IllegalArgumentException("the certificate for " + certificate.leaf().getSubjectX500Principal()
                    + " cannot be used for TLS: " + e.getMessage(), e);
        }
    }
}
