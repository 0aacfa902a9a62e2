package paas.outbound;

/**
 * Why an address is no target for a connection made on a user's behalf. The first four are
 * this machine and its private networks: a single-machine setup may permit them
 * ({@link OutboundPolicy#allowLocal()}). The rest are never a target, escape hatch or not:
 * nothing a user needs lives there, and link-local is where cloud metadata services answer.
 */
public enum AddressClass {
    LOOPBACK("a loopback address", true),
    PRIVATE("a private address", true),
    SHARED("a carrier-grade NAT address (100.64.0.0/10)", true),
    PLATFORM("an address of this platform's own host", true),
    UNSPECIFIED("an unspecified address", false),
    LINK_LOCAL("a link-local address", false),
    MULTICAST("a multicast address", false),
    BROADCAST("a broadcast address", false),
    RESERVED("a reserved address (documentation, benchmarking, protocol or future use)", false);

    private final String description;
    private final boolean local;

    AddressClass(String description, boolean local) {
        this.description = description;
        this.local = local;
    }

    /** "a private address": what the address is, for messages. */
    public String description() {
        return description;
    }

    /** Whether this is the local machine or its private networks, which the escape hatch permits. */
    public boolean local() {
        return local;
    }
}
