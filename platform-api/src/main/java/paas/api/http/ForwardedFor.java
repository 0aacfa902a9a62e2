package paas.api.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.NetUtil;
import paas.nettyio.ClientAddress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code X-Forwarded-For} on connections from the platform's own router only, and sets
 * {@link ClientAddress#FORWARDED} for each request: the last entry, which that router appended
 * (the ones before it are the client's word). From any other peer the header is ignored, so a
 * client cannot pick the address its failed tokens are counted against. Sharable.
 */
@ChannelHandler.Sharable
public final class ForwardedFor extends ChannelInboundHandlerAdapter {
    private final Set<InetAddress> routers;

    /** @param routers the addresses the router's connections come from (where paasd routes {@code api} to) */
    public ForwardedFor(Set<InetAddress> routers) {
        this.routers = Set.copyOf(routers);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            // Per request: the router sends requests of different clients over one pooled connection.
            ctx.channel().attr(ClientAddress.FORWARDED).set(client(ctx.channel().remoteAddress(),
                    request.headers().getAll("X-Forwarded-For")).orElse(null));
        }
        ctx.fireChannelRead(msg);
    }

    /** The forwarded client when {@code peer} is a router and the header's last entry is an IP address. */
    java.util.Optional<SocketAddress> client(SocketAddress peer, List<String> forwardedFor) {
        if (!(peer instanceof InetSocketAddress inet) || !routers.contains(inet.getAddress()) || forwardedFor.isEmpty()) {
            return java.util.Optional.empty();
        }
        String last = forwardedFor.getLast();
        String entry = last.substring(last.lastIndexOf(',') + 1).strip();
        if (entry.startsWith("[") && entry.endsWith("]")) {
            entry = entry.substring(1, entry.length() - 1);
        }
        // An IP literal only: never a name to resolve.
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(entry);
        return address == null ? java.util.Optional.empty() : java.util.Optional.of(new InetSocketAddress(address, 0));
    }
}
