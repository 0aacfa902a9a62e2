package paas.router.tls;

import java.time.Duration;
import java.util.Objects;

/**
 * The router's TLS port: where it listens and which certificates it presents. HTTP/2 is offered
 * by ALPN next to HTTP/1.1; requests reach dynos as HTTP/1.1 with {@code X-Forwarded-Proto: https}.
 *
 * @param bindHost         address to listen on
 * @param port             the TLS port (443 in installs); 0 picks a free one
 * @param certificates     certificates by SNI hostname, changed by the platform while the router runs
 * @param handshakeTimeout a client that has not finished its handshake by then is closed
 */
public record RouterTls(String bindHost, int port, CertificateBook certificates, Duration handshakeTimeout) {
    public RouterTls {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("router TLS port " + port + " is outside 0..65535");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, was " + handshakeTimeout);
        }
    }
}
