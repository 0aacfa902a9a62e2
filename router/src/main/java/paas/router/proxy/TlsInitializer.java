package paas.router.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * Builds a connection's pipeline on the TLS port: the certificate chosen by SNI, then, once the
 * handshake chose a protocol by ALPN, the same proxy pipeline as the plain port's (HTTP/1.1) or an
 * HTTP/2 connection whose streams each get it ({@link ProtocolSwitch}).
 */
final class TlsInitializer extends ChannelInitializer<Channel> {
    private final Proxy proxy;
    private final TlsContexts contexts;
    private final long handshakeTimeoutMillis;
    private final HttpDecoderConfig requestDecoding;

    TlsInitializer(Proxy proxy, TlsContexts contexts, long handshakeTimeoutMillis) {
        this.proxy = proxy;
        this.requestDecoding = ProxyInitializer.requestDecoding(proxy);
        this.contexts = contexts;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast("sni", new CertificateSelector(contexts, handshakeTimeoutMillis))
                .addLast("protocol", new ProtocolSwitch(proxy, requestDecoding));
    }
}
