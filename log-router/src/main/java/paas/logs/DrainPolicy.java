package paas.logs;

import paas.outbound.HostAddresses;
import paas.outbound.OutboundPolicy;
import paas.outbound.PinnedSocket;
import paas.outbound.PinnedSslSocketFactory;
import paas.outbound.Resolver;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.Socket;
import java.util.Set;

/**
 * Which hosts drains may reach: the platform's one {@link OutboundPolicy} applied to drain URLs.
 * Drains are user input that make the platform open connections, so by default they reach
 * public addresses of other machines only: not loopback, private, carrier-grade NAT,
 * link-local (cloud metadata), multicast, broadcast or reserved addresses, not this host's own
 * addresses, not the platform's names.
 *
 * <p>Checked three times: when a user adds a drain ({@link #checkResolving}: the name is
 * resolved and every address judged), when the app's drains are handed to the router
 * ({@link #check}: the rules that need no DNS), and on every connection, through sockets that
 * connect only to the address that passed ({@link #socket}, {@link #tls}), so a name whose DNS
 * answer changes after it was added is refused then.
 *
 * @param outbound the rule; {@link OutboundPolicy#allowLocal()} is {@code PAAS_ALLOW_LOCAL_DRAINS}
 */
public record DrainPolicy(OutboundPolicy outbound) {
    private static final String WHAT = "drain";

    /**
     * The platform's policy, by the system's resolver and this host's live addresses.
     *
     * @param allowLocal    the single-machine escape hatch (loopback, private networks, this host)
     * @param platformNames the API's host name and the apps' domain, refused with every name under them
     */
    public static DrainPolicy of(boolean allowLocal, Set<String> platformNames) {
        return new DrainPolicy(new OutboundPolicy(allowLocal, platformNames, HostAddresses::live, Resolver.SYSTEM));
    }

    /** Public addresses of other machines only: the production default without the platform's names. */
    public static DrainPolicy strict() {
        return new DrainPolicy(OutboundPolicy.strict());
    }

    /** This machine and its private networks allowed: what tests use. */
    public static DrainPolicy allowingLoopback() {
        return new DrainPolicy(OutboundPolicy.allowingLocal());
    }

    /**
     * Parses a drain URL and applies the rules that need no DNS (IP literals, {@code localhost},
     * the platform's names); throws {@link InvalidDrainUrlException} stating the rule broken.
     */
    public DrainUrl check(String url) {
        DrainUrl target = DrainUrl.parse(url);
        try {
            outbound.checkHost(WHAT, target.host());
        } catch (IOException e) {
            throw new InvalidDrainUrlException(e.getMessage());
        }
        return target;
    }

    /**
     * {@link #check}, then resolves the host now and judges every address it has: for a drain
     * being added, so a name that points at a refused address, or at nothing, is a clear error
     * at once rather than a connection that keeps failing.
     */
    public DrainUrl checkResolving(String url) {
        DrainUrl target = check(url);
        try {
            outbound.resolve(WHAT, target.host());
        } catch (IOException e) { // refused, or no address
            throw new InvalidDrainUrlException(e.getMessage());
        }
        return target;
    }

    /** An unconnected socket that connects only to a checked address of the host it is given. */
    public Socket socket() {
        return new PinnedSocket(outbound, WHAT);
    }

    /** TLS over such sockets, with {@code tls}'s trust; for {@code HttpsURLConnection}. */
    public PinnedSslSocketFactory tls(SSLSocketFactory tls) {
        return new PinnedSslSocketFactory(tls, outbound, WHAT);
    }
}
