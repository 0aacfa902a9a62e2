package paas.router;

import io.netty.util.NetUtil;
import paas.vocabulary.DynoName;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * One web dyno the router may send requests to. Immutable; checks itself on construction.
 *
 * <p>{@code host} must be an IPv4 or IPv6 literal: the router connects on its event loops, where a
 * DNS lookup would block, so names are resolved by whoever builds the route.
 *
 * @param dyno the dyno's name as it appears in logs, e.g. {@code web.1}
 * @param host the dyno's IP address, e.g. {@code 172.17.0.5}
 * @param port the port the dyno listens on (its {@code PORT})
 */
public record Backend(String dyno, String host, int port) {

    public Backend {
        Objects.requireNonNull(dyno, "dyno");
        Objects.requireNonNull(host, "host");
        DynoName.check(dyno);
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            throw new IllegalArgumentException("backend host '" + host + "' of " + dyno
                    + " is not an IP address; resolve names before routing to them");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("backend port " + port + " of " + dyno + " is outside 1..65535");
        }
    }

    /** The socket address to connect to, built without any name lookup. */
    public InetSocketAddress address() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(host)), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("validated address " + host + " did not parse", e);
        }
    }
}
