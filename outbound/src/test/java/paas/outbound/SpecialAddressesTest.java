package paas.outbound;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/** Every range at its edges: the first and last address inside, the neighbours outside. */
class SpecialAddressesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0.0.0.0, UNSPECIFIED", "0.255.255.255, UNSPECIFIED",
            "10.0.0.0, PRIVATE", "10.255.255.255, PRIVATE",
            "100.64.0.0, SHARED", "100.127.255.255, SHARED",
            "127.0.0.0, LOOPBACK", "127.0.0.1, LOOPBACK", "127.255.255.255, LOOPBACK",
            "169.254.0.0, LINK_LOCAL", "169.254.169.254, LINK_LOCAL", "169.254.255.255, LINK_LOCAL",
            "172.16.0.0, PRIVATE", "172.17.0.1, PRIVATE", "172.31.255.255, PRIVATE",
            "192.0.0.0, RESERVED", "192.0.0.255, RESERVED",
            "192.0.2.0, RESERVED", "192.0.2.255, RESERVED",
            "192.88.99.0, RESERVED", "192.88.99.255, RESERVED",
            "192.168.0.0, PRIVATE", "192.168.255.255, PRIVATE",
            "198.18.0.0, RESERVED", "198.19.255.255, RESERVED",
            "198.51.100.0, RESERVED", "198.51.100.255, RESERVED",
            "203.0.113.0, RESERVED", "203.0.113.255, RESERVED",
            "224.0.0.0, MULTICAST", "224.0.0.251, MULTICAST", "239.255.255.255, MULTICAST",
            "240.0.0.0, RESERVED", "255.255.255.254, RESERVED",
            "255.255.255.255, BROADCAST",
            "::, UNSPECIFIED", "::1, LOOPBACK",
            "::2, RESERVED", "::127.0.0.1, RESERVED", "::ffff:0:7f00:1, RESERVED",
            "64:ff9b:1::1, PRIVATE",
            "100::1, RESERVED",
            "2001::1, RESERVED", "2001:1ff:ffff::1, RESERVED",
            "2001:db8::1, RESERVED", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, RESERVED",
            "3fff::1, RESERVED", "3fff:fff:ffff::1, RESERVED",
            "fc00::1, PRIVATE", "fd00::2, PRIVATE", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, PRIVATE",
            "fe80::1, LINK_LOCAL", "febf:ffff::1, LINK_LOCAL",
            "fec0::1, PRIVATE",
            "ff02::1, MULTICAST", "ff0e::101, MULTICAST",
            "4000::1, RESERVED", "1fff:ffff::1, RESERVED", "5f00::1, RESERVED",
            // IPv6 spellings of IPv4 addresses are judged as the IPv4 address they reach
            "::ffff:127.0.0.1, LOOPBACK", "::ffff:10.1.2.3, PRIVATE", "::ffff:169.254.169.254, LINK_LOCAL",
            "::ffff:100.64.0.1, SHARED", "::ffff:255.255.255.255, BROADCAST", "::ffff:224.0.0.1, MULTICAST",
            "64:ff9b::7f00:1, LOOPBACK", "64:ff9b::a9fe:a9fe, LINK_LOCAL", "64:ff9b::c0a8:101, PRIVATE",
            "2002:7f00:1::1, LOOPBACK", "2002:a00:1::, PRIVATE", "2002:a9fe:a9fe::1, LINK_LOCAL",
    })
    void specialAddressesAreClassified(String literal, AddressClass expected) throws UnknownHostException {
        assertThat(SpecialAddresses.classify(InetAddress.getByName(literal))).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
            "126.255.255.255", "128.0.0.0", "169.253.255.255", "169.255.0.0", "172.15.255.255", "172.32.0.0",
            "191.255.255.255", "192.0.1.255", "192.0.3.0", "192.88.98.255", "192.88.100.0", "192.167.255.255",
            "192.169.0.0", "198.17.255.255", "198.20.0.0", "198.51.99.255", "198.51.101.0", "203.0.112.255",
            "203.0.114.0", "223.255.255.255",
            "2000::1", "2001:200::1", "2001:db7:ffff::1", "2001:db9::1", "2606:4700:4700::1111",
            "3ffe:ffff::1", "3fff:1000::1", "2a00:1450:4001:80b::200e",
            "::ffff:1.1.1.1", "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesAreNotClassified(String literal) throws UnknownHostException {
        assertThat(SpecialAddresses.classify(InetAddress.getByName(literal))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.5", "169.254.169.254", "0.0.0.0", "255.255.255.255"})
    void anIpv4MappedAddressKeptInItsSixteenByteFormIsJudgedAsItsIpv4Address(String v4) throws UnknownHostException {
        // The JDK turns "::ffff:a.b.c.d" into an Inet4Address, but Inet6Address.getByAddress keeps
        // the 16-byte form; its own isLoopbackAddress() then says false for ::ffff:127.0.0.1.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(InetAddress.getByName(v4).getAddress(), 0, mapped, 12, 4);
        Inet6Address six = Inet6Address.getByAddress(null, mapped, -1);

        assertThat(SpecialAddresses.classify(six)).isEqualTo(SpecialAddresses.classify(InetAddress.getByName(v4)))
                .isPresent();
        assertThat(SpecialAddresses.ipv4Reached(six)).isEqualTo(InetAddress.getByName(v4));
    }
}
