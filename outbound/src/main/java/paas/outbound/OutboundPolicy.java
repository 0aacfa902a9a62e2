package paas.outbound;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which addresses paasd may connect to on a user's behalf (log drains, git buildpack URLs, any
 * later webhook): public addresses of other machines only. Refused are the ranges of
 * {@link SpecialAddresses} (loopback, private, carrier-grade NAT, link-local with cloud
 * metadata, multicast, broadcast, reserved; IPv6 forms of IPv4 addresses judged as the IPv4
 * address), this host's own and broadcast addresses ({@link HostAddresses}), and the
 * platform's own names with their subdomains ({@code localhost} always among them).
 *
 * <p>A name passes only when every address it resolves to passes: a name that answers with a
 * public and a private address is refused rather than connected to half the time. The
 * addresses returned are the ones to connect to ({@link PinnedSocket} does), so a second DNS
 * answer cannot slip a different address in between check and connect.
 *
 * @param allowLocal    the single-machine escape hatch: permits loopback, private,
 *                      carrier-grade NAT and this host's own addresses and names
 *                      ({@link AddressClass#local()}); the others stay refused
 * @param platformNames host names that are the platform itself (its API host, its apps'
 *                      domain), refused with every name under them; compared case-insensitively
 * @param host          this host's addresses, asked on every check
 * @param resolver      name to addresses
 */
public record OutboundPolicy(boolean allowLocal, Set<String> platformNames, Supplier<HostAddresses> host,
                             Resolver resolver) {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    public OutboundPolicy {
        platformNames = platformNames.stream().map(OutboundPolicy::normalize).collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(resolver, "resolver");
    }

    /** Public addresses of other machines only, by the system's resolver: production. */
    public static OutboundPolicy strict() {
        return new OutboundPolicy(false, Set.of(), HostAddresses::live, Resolver.SYSTEM);
    }

    /** This machine and its private networks permitted as well: tests and single-machine setups. */
    public static OutboundPolicy allowingLocal() {
        return new OutboundPolicy(true, Set.of(), HostAddresses::live, Resolver.SYSTEM);
    }

    /** The same rules, names resolved by {@code other} (tests give their own DNS answers). */
    public OutboundPolicy withResolver(Resolver other) {
        return new OutboundPolicy(allowLocal, platformNames, host, other);
    }

    /**
     * The rules that need no DNS: IP literals, {@code localhost} and the platform's names. A name
     * that passes here may still resolve to a refused address; {@link #resolve} tells.
     *
     * @param what what the connection is for, for the message: "drain", "buildpack URL"
     * @throws RefusedTargetException naming the rule broken; another IOException when this host's
     *                                addresses cannot be listed
     */
    public void checkHost(String what, String host) throws IOException {
        String name = normalize(host);
        Optional<InetAddress> literal = literal(name);
        if (literal.isPresent()) {
            Optional<AddressClass> refused = refusal(literal.get(), hostAddresses());
            if (refused.isPresent()) {
                throw refused(what, host, "is " + refused.get().description(), refused.get());
            }
            return;
        }
        if (!allowLocal && (name.equals("localhost") || name.endsWith(".localhost"))) {
            throw refused(what, host, "names " + AddressClass.LOOPBACK.description(), AddressClass.LOOPBACK);
        }
        if (!allowLocal && platformNames.stream().anyMatch(p -> name.equals(p) || name.endsWith("." + p))) {
            throw refused(what, host, "names " + AddressClass.PLATFORM.description(), AddressClass.PLATFORM);
        }
    }

    /**
     * Resolves {@code host} and checks every address it has; the result, in the resolver's
     * order, is what to connect to. Nothing is sent anywhere before this returns.
     *
     * @throws RefusedTargetException naming the rule, when the host or any of its addresses is refused
     * @throws UnknownHostException   when the name has no address
     */
    public List<InetAddress> resolve(String what, String host) throws IOException {
        checkHost(what, host);
        Optional<InetAddress> literal = literal(normalize(host));
        if (literal.isPresent()) {
            return List.of(literal.get()); // checked above
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(unbracketed(host));
        } catch (UnknownHostException e) {
            addresses = List.of();
        }
        if (addresses.isEmpty()) {
            throw new UnknownHostException(what + " host '" + host + "' does not resolve to an address; check the name");
        }
        HostAddresses here = hostAddresses();
        for (InetAddress a : addresses) {
            Optional<AddressClass> refused = refusal(a, here);
            if (refused.isPresent()) {
                throw refused(what, host, "resolves to " + refused.get().description() + " (" + a.getHostAddress() + ")",
                        refused.get());
            }
        }
        return List.copyOf(addresses);
    }

    /** Why a connection to {@code address} is refused, or empty when it may be made. */
    public Optional<AddressClass> refusal(InetAddress address) throws IOException {
        return refusal(address, hostAddresses());
    }

    private Optional<AddressClass> refusal(InetAddress address, HostAddresses here) {
        InetAddress reached = SpecialAddresses.ipv4Reached(address);
        if (here.broadcast().contains(reached)) {
            return Optional.of(AddressClass.BROADCAST); // a subnet's broadcast: never one machine
        }
        Optional<AddressClass> kind = SpecialAddresses.classify(address);
        if (kind.isEmpty() && (here.own().contains(address) || here.own().contains(reached))) {
            kind = Optional.of(AddressClass.PLATFORM);
        }
        return kind.filter(k -> !(allowLocal && k.local()));
    }

    private HostAddresses hostAddresses() throws IOException {
        try {
            return host.get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static RefusedTargetException refused(String what, String host, String rule, AddressClass reason) {
        return new RefusedTargetException(what + " host '" + host + "' " + rule + "; " + what
                + "s must reach a public address", reason);
    }

    /** The host as an address when it is an IP literal, parsed without any lookup. */
    private static Optional<InetAddress> literal(String name) {
        if (name.indexOf(':') < 0 && !DOTTED_QUAD.matcher(name).matches()) {
            return Optional.empty();
        }
        try {
            // Brackets make the JDK parse an IPv6 literal or fail, never ask DNS; a dotted quad
            // of numbers 0-255 is always parsed.
            return Optional.of(InetAddress.getByName(name.indexOf(':') >= 0 ? "[" + name + "]" : name));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static String unbracketed(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Lower case, without IPv6 brackets or the root's trailing dot: one spelling to compare. */
    private static String normalize(String host) {
        String h = unbracketed(host).toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
