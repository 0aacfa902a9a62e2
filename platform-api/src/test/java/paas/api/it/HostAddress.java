package paas.api.it;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/**
 * The host's own IPv4 address on its primary network interface: what a dyno in a container
 * connects to for a service running on the host (a Redis or PostgreSQL on the team's network).
 * Loopback is the container's own, and docker's bridges differ per app network.
 */
final class HostAddress {
    private HostAddress() {
    }

    static String reachableFromContainers() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            String name = nic.getName();
            if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || name.startsWith("docker")
                    || name.startsWith("br-") || name.startsWith("veth")) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                    return address.getHostAddress();
                }
            }
        }
        throw new IllegalStateException("this host has no IPv4 address outside loopback and docker's bridges,"
                + " so dynos cannot reach services on it");
    }
}
