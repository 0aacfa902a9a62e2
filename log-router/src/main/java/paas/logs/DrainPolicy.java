package paas.logs;

import paas.logs.DrainUrl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which hosts drains may reach. Drains are user input that make the platform open
 * connections, so by default they may not point back at the platform: not at loopback,
 * unspecified ({@code 0.0.0.0}, {@code ::}) or link-local addresses (the last covers cloud
 * metadata services), and not at the hosts named in {@code forbiddenHosts} (the platform's own
 * API name and addresses).
 *
 * <p>Checked twice: on the URL when a drain is added ({@link #check}, literal addresses and
 * names only, no DNS), and on every resolved address before a drain connects
 * ({@link #permits}), so a name that resolves to a forbidden address is refused too.
 *
 * @param allowLoopback  allow loopback, unspecified and link-local targets (tests, single-machine setups)
 * @param forbiddenHosts host names or IP literals that are never a drain target, compared case-insensitively
 */
public record DrainPolicy(boolean allowLoopback, Set<String> forbiddenHosts) {

    public DrainPolicy {
        forbiddenHosts = forbiddenHosts.stream().map(DrainPolicy::normalize).collect(Collectors.toUnmodifiableSet());
    }

    /** Refuse loopback and forbid nothing else by name: the production default without its API host. */
    public static DrainPolicy strict() {
        return new DrainPolicy(false, Set.of());
    }

    /** Allow loopback: what tests use. */
    public static DrainPolicy allowingLoopback() {
        return new DrainPolicy(true, Set.of());
    }

    /** Parses and checks a drain URL; throws {@link InvalidDrainUrlException} stating the rule broken. */
    public DrainUrl check(String url) {
        DrainUrl target = DrainUrl.parse(url);
        String host = normalize(target.host());
        if (forbiddenHosts.contains(host)) {
            throw new InvalidDrainUrlException("drain host '" + target.host() + "' is the platform itself; drains must point elsewhere");
        }
        if (!allowLoopback) {
            if (host.equals("localhost") || host.endsWith(".localhost")) {
                throw loopback(target.host());
            }
            InetAddress literal = target.literalAddress();
            if (literal != null && isLocal(literal)) {
                throw loopback(target.host());
            }
        }
        return target;
    }

    /** Whether a drain may connect to this resolved address. */
    public boolean permits(InetAddress address) {
        if (forbiddenHosts.contains(normalize(address.getHostAddress()))) {
            return false;
        }
        return allowLoopback || !isLocal(address);
    }

    private static boolean isLocal(InetAddress a) {
        return a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress();
    }

    private static InvalidDrainUrlException loopback(String host) {
        return new InvalidDrainUrlException("drain host '" + host
                + "' is a loopback, unspecified or link-local address; drains must reach another machine"
                + " (set the log router's allowLoopback to permit it)");
    }

    private static String normalize(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        h = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        if (h.indexOf(':') >= 0) {
            // IPv6 literals have many spellings (::1, 0:0:0:0:0:0:0:1); compare one canonical form.
            try {
                return InetAddress.getByName(h).getHostAddress();
            } catch (UnknownHostException e) {
                return h;
            }
        }
        return h;
    }
}
