package paas.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HashSet;
import java.util.Set;

/**
 * This host's own addresses and its subnets' broadcast addresses, as its network interfaces
 * have them at one moment: the public address, the docker bridges' gateways
 * ({@code 172.17.0.1} and each network's), VPN and loopback interfaces. Services bound to
 * {@code 0.0.0.0} (paasd's API, the router, a database) answer on every one of them.
 *
 * @param own       every address of every interface, up or down
 * @param broadcast the directed broadcast address of every IPv4 subnet the host is on
 */
public record HostAddresses(Set<InetAddress> own, Set<InetAddress> broadcast) {

    public HostAddresses {
        own = Set.copyOf(own);
        broadcast = Set.copyOf(broadcast);
    }

    /**
     * The interfaces' addresses now. Listed again on every check rather than once at start:
     * docker creates a bridge, with a new gateway address, for every network made later.
     *
     * @throws UncheckedIOException when the interfaces cannot be listed: no check can pass then
     */
    public static HostAddresses live() {
        Set<InetAddress> own = new HashSet<>();
        Set<InetAddress> broadcast = new HashSet<>();
        try {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    own.add(a.getAddress());
                    if (a.getBroadcast() != null) {
                        broadcast.add(a.getBroadcast());
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException(new IOException("cannot list this host's network addresses: " + e.getMessage(), e));
        }
        return new HostAddresses(own, broadcast);
    }
}
