package paas.api.http;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import paas.nettyio.ClientAddress;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API counts failed tokens by the client the router forwarded for, on the router's
 * connections only: the last X-Forwarded-For entry (the one the router appended), an IP literal,
 * request by request; any other peer is counted by its own address whatever it claims.
 */
class ForwardedForTest {
    private static final InetSocketAddress ROUTER = new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString("127.0.0.1"), 40000);
    private static final InetSocketAddress OTHER = new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString("198.51.100.7"), 40000);
    private final ForwardedFor forwardedFor = new ForwardedFor(Set.of(NetUtil.createInetAddressFromIpAddressString("127.0.0.1")));

    @Test
    void theRoutersLastEntryNamesTheClient() {
        assertThat(forwardedFor.client(ROUTER, List.of("203.0.113.9"))).contains(at("203.0.113.9"));
        assertThat(forwardedFor.client(ROUTER, List.of("10.9.9.9, 203.0.113.9"))).as("the client's own claim is skipped")
                .contains(at("203.0.113.9"));
        assertThat(forwardedFor.client(ROUTER, List.of("10.9.9.9", "2001:db8::5"))).contains(at("2001:db8::5"));
        assertThat(forwardedFor.client(ROUTER, List.of("[2001:db8::5]"))).contains(at("2001:db8::5"));
    }

    @Test
    void anythingElseLeavesThePeer() {
        assertThat(forwardedFor.client(OTHER, List.of("203.0.113.9"))).as("not the router").isEmpty();
        assertThat(forwardedFor.client(ROUTER, List.of())).isEmpty();
        assertThat(forwardedFor.client(ROUTER, List.of("example.com"))).as("a name is never resolved").isEmpty();
        assertThat(forwardedFor.client(ROUTER, List.of("203.0.113.9, "))).isEmpty();
        assertThat(forwardedFor.client(ROUTER, List.of("unknown"))).isEmpty();
    }

    @Test
    void eachRequestOnAPooledConnectionHasItsOwnClient() {
        EmbeddedChannel channel = channelFrom(ROUTER);
        channel.writeInbound(request("203.0.113.9"));
        assertThat(ClientAddress.of(channel)).isEqualTo(at("203.0.113.9"));
        channel.writeInbound(request("198.51.100.20"));
        assertThat(ClientAddress.of(channel)).isEqualTo(at("198.51.100.20"));
        channel.writeInbound(request(null));
        assertThat(ClientAddress.of(channel)).as("a request without the header is the peer's").isEqualTo(ROUTER);
        channel.finishAndReleaseAll();

        EmbeddedChannel direct = channelFrom(OTHER);
        direct.writeInbound(request("203.0.113.9"));
        assertThat(ClientAddress.of(direct)).isEqualTo(OTHER);
        direct.finishAndReleaseAll();
    }

    private EmbeddedChannel channelFrom(SocketAddress peer) {
        EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return peer;
            }
        };
        channel.pipeline().addLast(forwardedFor);
        return channel;
    }

    private static HttpRequest request(String forwardedFor) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/apps");
        if (forwardedFor != null) {
            request.headers().set("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    private static SocketAddress at(String ip) {
        return new InetSocketAddress(NetUtil.createInetAddressFromIpAddressString(ip), 0);
    }
}
