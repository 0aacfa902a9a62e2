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
    /**
     * The host ports the tests' services for apps (Redis, PostgreSQL, a package index) listen on:
     * the host firewall lets builds and dynos reach these and no others (PAAS_ISOLATION_ALLOW_HOST_PORTS),
     * as an operator lists a database on the host. Below Linux's ephemeral range, so no client
     * socket takes one meanwhile.
     */
    static final int FIRST_SERVICE_PORT = 31100;
    static final int LAST_SERVICE_PORT = 31199;

    private HostAddress() {
    }

    /** The PAAS_ISOLATION_ALLOW_HOST_PORTS value that lets apps reach the tests' services. */
    static String servicePorts() {
        return FIRST_SERVICE_PORT + "-" + LAST_SERVICE_PORT;
    }

    /** A port of the services' range nobody listens on now, from a random start so parallel runs rarely collide. */
    static int freeServicePort() throws java.io.IOException {
        int span = LAST_SERVICE_PORT - FIRST_SERVICE_PORT + 1;
        int start = java.util.concurrent.ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = FIRST_SERVICE_PORT + (start + i) % span;
            try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
                probe.setReuseAddress(false);
                probe.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (java.io.IOException taken) {
                // next one
            }
        }
        throw new java.io.IOException("every port " + servicePorts() + " is taken");
    }

    static String reachableFromContainers() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            String name = nic.getName();
            if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || name.startsWith("docker")
                    || name.startsWith("br-") || name.startsWith("paas-") || name.startsWith("veth")) {
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
