package paas.router.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;

/**
 * Reads a client's ClientHello and puts the TLS handler for the certificate of its SNI hostname in
 * its own place. Without a certificate for the name and without a fallback, the client gets a
 * fatal {@code unrecognized_name} alert and the connection closes. The handshake timeout covers
 * the ClientHello as well as the rest of the handshake.
 */
final class CertificateSelector extends SniHandler {
    /** A TLS 1.2 record (alerts go unencrypted before keys exist): fatal (2), unrecognized_name (112). */
    private static final byte[] UNRECOGNIZED_NAME_ALERT = {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x70};

    CertificateSelector(TlsContexts contexts, long handshakeTimeoutMillis) {
        super(contexts, handshakeTimeoutMillis);
    }

    @Override
    protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext) throws Exception {
        if (sslContext == null) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(UNRECOGNIZED_NAME_ALERT)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        super.replaceHandler(ctx, hostname, sslContext);
    }
}
