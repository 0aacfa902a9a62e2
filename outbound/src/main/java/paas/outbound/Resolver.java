package paas.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a host name (or an IP literal) into its addresses; tests put their own DNS here. */
@FunctionalInterface
public interface Resolver {
    /** The system's resolver: {@code /etc/hosts}, then DNS, with the JDK's cache. */
    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address {@code host} has now, in the order a client should try them; never empty. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
