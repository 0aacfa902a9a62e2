package paas.api.stream;

import io.netty.channel.Channel;

import java.net.SocketAddress;
import java.util.function.Consumer;

/** A stream's Netty channel as {@link Sessions} sees it; how the stream ends on revocation is the stream's. */
final class ChannelConnection implements StreamConnection {
    private final Channel channel;
    private final Consumer<String> revoke;

    ChannelConnection(Channel channel, Consumer<String> revoke) {
        this.channel = channel;
        this.revoke = revoke;
    }

    @Override
    public SocketAddress remoteAddress() {
        return paas.nettyio.ClientAddress.of(channel);
    }

    @Override
    public void revoke(String why) {
        revoke.accept(why);
    }

    @Override
    public void whenClosed(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }
}
