package paas.nettyio;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.net.SocketAddress;

/**
 * Who is calling on a server channel: the address a trusted proxy in front (the platform's own
 * router) says it forwarded the current request for, else the TCP peer. The API, its streams and
 * git count failed tokens by it, so clients behind the router are not lumped together.
 */
public final class ClientAddress {
    /** Set per request by the server's pipeline when the peer is a trusted proxy; absent otherwise. */
    public static final AttributeKey<SocketAddress> FORWARDED = AttributeKey.valueOf("paas.client-address");

    private ClientAddress() {
    }

    /** The forwarded client of the request being served on {@code channel}, else its peer. */
    public static SocketAddress of(Channel channel) {
        SocketAddress forwarded = channel.attr(FORWARDED).get();
        return forwarded != null ? forwarded : channel.remoteAddress();
    }
}
