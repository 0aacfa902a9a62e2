package paas.router.proxy;

import io.netty.handler.ssl.SslContext;
import org.junit.jupiter.api.Test;
import paas.router.testkit.TestCertificates;
import paas.router.tls.CertificateBook;
import paas.router.tls.ServerCertificate;

import static org.assertj.core.api.Assertions.assertThat;

class TlsContextsTest {
    static final TestCertificates CA = new TestCertificates();
    final CertificateBook book = new CertificateBook();
    final TlsContexts contexts = new TlsContexts(book);

    @Test
    void buildsOneContextPerCertificateInstanceAndForgetsReplacedOnes() {
        ServerCertificate first = CA.issue("www.example.com");
        book.put("www.example.com", first);
        SslContext built = contexts.map("www.example.com");
        assertThat(contexts.map("www.example.com")).as("unchanged: not rebuilt").isSameAs(built);

        book.put("www.example.com", CA.issue("www.example.com"));
        SslContext renewed = contexts.map("www.example.com");
        assertThat(renewed).isNotSameAs(built);
        assertThat(contexts.cached()).as("the replaced certificate's context is let go").isEqualTo(1);
    }

    @Test
    void exactThenWildcardThenFallbackThenNothing() {
        book.put("*.example.com", CA.issue("*.example.com"));
        book.put("api.example.com", CA.issue("api.example.com"));
        SslContext wildcard = contexts.map("www.example.com");
        SslContext exact = contexts.map("api.example.com");
        assertThat(exact).isNotNull().isNotSameAs(wildcard);
        assertThat(contexts.map("www.example.com.")).as("a trailing dot is the same name").isSameAs(wildcard);
        assertThat(contexts.map("other.test")).isNull();
        assertThat(contexts.map(null)).isNull();

        book.setFallback(CA.issue("fallback.invalid"));
        SslContext fallback = contexts.map(null);
        assertThat(fallback).isNotNull();
        assertThat(contexts.map("other.test")).isSameAs(fallback);
    }
}
