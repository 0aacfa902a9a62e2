package paas.outbound;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges that are never the public internet, each listed once with why
 * ({@link AddressClass}). Everything not listed is a public address.
 *
 * <p>IPv4, first match wins: {@code 0.0.0.0/8} (this network; {@code 0.0.0.0} reaches the local
 * host on Linux), {@code 10/8}, {@code 172.16/12}, {@code 192.168/16} (private),
 * {@code 100.64/10} (carrier-grade NAT), {@code 127/8} (loopback), {@code 169.254/16}
 * (link-local, cloud metadata), {@code 192.0.0/24} (IETF protocol assignments),
 * {@code 192.0.2/24}, {@code 198.51.100/24}, {@code 203.0.113/24} (documentation),
 * {@code 192.88.99/24} (retired 6to4 relays), {@code 198.18/15} (benchmarking),
 * {@code 224/4} (multicast), {@code 255.255.255.255} (broadcast), {@code 240/4} (future use).
 *
 * <p>IPv6: the forms that carry an IPv4 address are judged by that address (IPv4-mapped
 * {@code ::ffff:0:0/96}, NAT64 {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}), so
 * {@code ::ffff:127.0.0.1} is loopback. Then {@code ::} (unspecified), {@code ::1} (loopback),
 * {@code 64:ff9b:1::/48} (local NAT64), {@code fc00::/7} and the retired site-local
 * {@code fec0::/10} (private), {@code fe80::/10} (link-local), {@code ff00::/8} (multicast),
 * {@code 2001::/23} (IETF protocol assignments, Teredo among them), {@code 2001:db8::/32} and
 * {@code 3fff::/20} (documentation); anything else outside global unicast {@code 2000::/3}
 * ({@code ::/8} with the IPv4-compatible forms, {@code 100::/64} discard, ...) is reserved.
 *
 * <p>Directed broadcast addresses of a subnet and this host's own addresses depend on the host,
 * not on the number: {@link HostAddresses} knows them.
 */
public final class SpecialAddresses {
    private record Range(byte[] base, int prefix, AddressClass kind) {
        boolean contains(byte[] address) {
            if (address.length != base.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != base[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (base[full] & mask);
        }
    }

    private static final List<Range> V4 = List.of(
            range("0.0.0.0", 8, AddressClass.UNSPECIFIED),
            range("10.0.0.0", 8, AddressClass.PRIVATE),
            range("100.64.0.0", 10, AddressClass.SHARED),
            range("127.0.0.0", 8, AddressClass.LOOPBACK),
            range("169.254.0.0", 16, AddressClass.LINK_LOCAL),
            range("172.16.0.0", 12, AddressClass.PRIVATE),
            range("192.0.0.0", 24, AddressClass.RESERVED),
            range("192.0.2.0", 24, AddressClass.RESERVED),
            range("192.88.99.0", 24, AddressClass.RESERVED),
            range("192.168.0.0", 16, AddressClass.PRIVATE),
            range("198.18.0.0", 15, AddressClass.RESERVED),
            range("198.51.100.0", 24, AddressClass.RESERVED),
            range("203.0.113.0", 24, AddressClass.RESERVED),
            range("224.0.0.0", 4, AddressClass.MULTICAST),
            range("255.255.255.255", 32, AddressClass.BROADCAST), // before 240/4, which holds it
            range("240.0.0.0", 4, AddressClass.RESERVED));

    private static final List<Range> V6 = List.of(
            range("::", 128, AddressClass.UNSPECIFIED),
            range("::1", 128, AddressClass.LOOPBACK),
            range("64:ff9b:1::", 48, AddressClass.PRIVATE),
            range("fc00::", 7, AddressClass.PRIVATE),
            range("fec0::", 10, AddressClass.PRIVATE),
            range("fe80::", 10, AddressClass.LINK_LOCAL),
            range("ff00::", 8, AddressClass.MULTICAST),
            range("2001:db8::", 32, AddressClass.RESERVED),
            range("2001::", 23, AddressClass.RESERVED),
            range("3fff::", 20, AddressClass.RESERVED));
    private static final Range GLOBAL_UNICAST = range("2000::", 3, AddressClass.RESERVED);

    // IPv6 forms whose last four bytes (or, for 6to4, bytes 2..5) are the IPv4 address reached.
    private static final Range MAPPED = range("::ffff:0:0", 96, AddressClass.RESERVED);
    private static final Range NAT64 = range("64:ff9b::", 96, AddressClass.RESERVED);
    private static final Range SIX_TO_FOUR = range("2002::", 16, AddressClass.RESERVED);

    private SpecialAddresses() {
    }

    /** What the address is when it is not a public one; empty for a public address. */
    public static Optional<AddressClass> classify(InetAddress address) {
        InetAddress effective = ipv4Reached(address);
        byte[] bytes = effective.getAddress();
        for (Range r : bytes.length == 4 ? V4 : V6) {
            if (r.contains(bytes)) {
                return Optional.of(r.kind());
            }
        }
        if (bytes.length == 16 && !GLOBAL_UNICAST.contains(bytes)) {
            return Optional.of(AddressClass.RESERVED);
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address an IPv6 address stands for (IPv4-mapped, NAT64, 6to4), else the address
     * itself: {@code ::ffff:10.0.0.1} reaches {@code 10.0.0.1} and is judged as it.
     */
    public static InetAddress ipv4Reached(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16) {
            if (MAPPED.contains(b) || NAT64.contains(b)) {
                return v4(Arrays.copyOfRange(b, 12, 16));
            }
            if (SIX_TO_FOUR.contains(b)) {
                return v4(Arrays.copyOfRange(b, 2, 6));
            }
        }
        return address;
    }

    private static InetAddress v4(byte[] four) {
        try {
            return Inet4Address.getByAddress(four);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static Range range(String literal, int prefix, AddressClass kind) {
        try {
            byte[] bytes = InetAddress.getByName(literal).getAddress(); // a literal: parsed, never looked up
            if (literal.indexOf(':') >= 0 && bytes.length == 4) {
                // The JDK turns ::ffff:a.b.c.d into a.b.c.d; the range is the 16-byte form.
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(bytes, 0, mapped, 12, 4);
                bytes = mapped;
            }
            return new Range(bytes, prefix, kind);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad range literal " + literal, e);
        }
    }
}
