package paas.outbound;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundPolicyTest {
    private static final HostAddresses HOST = new HostAddresses(
            Set.of(ip("127.0.0.1"), ip("198.41.0.4"), ip("172.17.0.1"), ip("2a01:4f8::5")),
            Set.of(ip("198.41.0.255")));

    /** DNS as the tests want it; a name not in the map does not exist. */
    private static Resolver dns(Map<String, List<String>> answers) {
        return host -> {
            List<String> found = answers.get(host);
            if (found == null) {
                throw new UnknownHostException(host);
            }
            return found.stream().map(OutboundPolicyTest::ip).toList();
        };
    }

    private static OutboundPolicy strict(Map<String, List<String>> answers) {
        return new OutboundPolicy(false, Set.of("API.paas.example.com", "apps.example.com"), () -> HOST, dns(answers));
    }

    @Test
    void aPublicNameResolvesToItsCheckedAddresses() throws Exception {
        OutboundPolicy policy = strict(Map.of("logs.example.net", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")));
        assertThat(policy.resolve("drain", "logs.example.net"))
                .containsExactly(ip("93.184.215.14"), ip("2606:2800:21f:cb07:6820:80da:af6b:8b2c"));
        assertThat(policy.resolve("drain", "93.184.215.14")).containsExactly(ip("93.184.215.14"));
    }

    @Test
    void aNameWithAnyRefusedAddressIsRefusedNamingTheRuleAndTheAddress() {
        OutboundPolicy policy = strict(Map.of("mixed.example.net", List.of("93.184.215.14", "10.0.0.5")));
        assertThatThrownBy(() -> policy.resolve("drain", "mixed.example.net"))
                .isInstanceOf(RefusedTargetException.class)
                .hasMessage("drain host 'mixed.example.net' resolves to a private address (10.0.0.5);"
                        + " drains must reach a public address");
    }

    @Test
    void literalsAreJudgedWithoutAnyLookup() {
        OutboundPolicy policy = strict(Map.of()); // every lookup would fail
        assertThatThrownBy(() -> policy.checkHost("buildpack URL", "169.254.169.254"))
                .isInstanceOf(RefusedTargetException.class)
                .hasMessage("buildpack URL host '169.254.169.254' is a link-local address; buildpack URLs must reach a public address");
        assertThatThrownBy(() -> policy.checkHost("drain", "[::ffff:127.0.0.1]")).hasMessageContaining("is a loopback address");
        assertThatThrownBy(() -> policy.checkHost("drain", "fd00::2")).hasMessageContaining("is a private address");
        assertThatThrownBy(() -> policy.checkHost("drain", "100.64.1.1")).hasMessageContaining("carrier-grade NAT");
        assertThatThrownBy(() -> policy.checkHost("drain", "224.0.0.251")).hasMessageContaining("multicast");
        assertThatThrownBy(() -> policy.checkHost("drain", "255.255.255.255")).hasMessageContaining("is a broadcast address");
        assertThatThrownBy(() -> policy.checkHost("drain", "0.0.0.0")).hasMessageContaining("unspecified");
    }

    @Test
    void theHostsOwnAddressesAndSubnetBroadcastsAreRefused() {
        OutboundPolicy policy = strict(Map.of("sneaky.example.net", List.of("198.41.0.4")));
        assertThatThrownBy(() -> policy.checkHost("drain", "198.41.0.4"))
                .isInstanceOf(RefusedTargetException.class)
                .hasMessageContaining("is an address of this platform's own host")
                .extracting(e -> ((RefusedTargetException) e).reason()).isEqualTo(AddressClass.PLATFORM);
        assertThatThrownBy(() -> policy.checkHost("drain", "::ffff:198.41.0.4")).hasMessageContaining("platform's own host");
        assertThatThrownBy(() -> policy.checkHost("drain", "[2a01:4f8:0:0::5]")).hasMessageContaining("platform's own host");
        assertThatThrownBy(() -> policy.resolve("drain", "sneaky.example.net"))
                .hasMessageContaining("resolves to an address of this platform's own host (198.41.0.4)");
        assertThatThrownBy(() -> policy.checkHost("drain", "198.41.0.255")).hasMessageContaining("broadcast");
        // the docker bridge gateway: a private address, refused as one
        assertThatThrownBy(() -> policy.checkHost("drain", "172.17.0.1")).hasMessageContaining("private");
    }

    @Test
    void localhostAndThePlatformsNamesAreRefusedWithTheirSubdomainsInAnyCase() {
        OutboundPolicy policy = strict(Map.of());
        for (String name : List.of("localhost", "LOCALHOST.", "app.localhost", "api.paas.example.com",
                "Api.Paas.Example.Com.", "apps.example.com", "myapp.apps.example.com")) {
            assertThatThrownBy(() -> policy.checkHost("drain", name)).as(name).isInstanceOf(RefusedTargetException.class)
                    .hasMessageContaining("host '" + name + "' names");
        }
        assertThat(policy.allowLocal()).isFalse();
    }

    @Test
    void aNameThatDoesNotResolveSaysSo() {
        assertThatThrownBy(() -> strict(Map.of()).resolve("drain", "nowhere.example.net"))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("drain host 'nowhere.example.net' does not resolve to an address; check the name");
        assertThatThrownBy(() -> strict(Map.of("empty.example.net", List.of())).resolve("drain", "empty.example.net"))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void theEscapeHatchPermitsThisMachineAndPrivateNetworksOnly() throws Exception {
        OutboundPolicy local = new OutboundPolicy(true, Set.of("api.paas.example.com"), () -> HOST,
                dns(Map.of("localhost", List.of("127.0.0.1"), "api.paas.example.com", List.of("198.41.0.4"))));
        for (String permitted : List.of("127.0.0.1", "localhost", "10.0.0.5", "172.17.0.1", "100.64.0.1", "fd00::2",
                "198.41.0.4", "api.paas.example.com")) {
            assertThat(local.resolve("drain", permitted)).as(permitted).isNotEmpty();
        }
        for (String refused : List.of("169.254.169.254", "fe80::1", "224.0.0.1", "255.255.255.255", "198.41.0.255",
                "0.0.0.0", "::", "192.0.2.1", "240.0.0.1")) {
            assertThatThrownBy(() -> local.resolve("drain", refused)).as(refused).isInstanceOf(RefusedTargetException.class);
        }
    }

    @Test
    void theRealResolverJudgesWhatTheSystemAnswers() throws Exception {
        OutboundPolicy policy = OutboundPolicy.strict();
        assertThatThrownBy(() -> policy.resolve("drain", "127.0.0.1")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> policy.resolve("drain", "[::1]")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> policy.resolve("drain", "localhost")).hasMessageContaining("loopback");
        // The machine's own name resolves (through /etc/hosts or DNS) to loopback or to one of its
        // interfaces' addresses: refused either way.
        String hostname = InetAddress.getLocalHost().getHostName();
        assertThatThrownBy(() -> policy.resolve("drain", hostname)).isInstanceOf(RefusedTargetException.class)
                .extracting(e -> ((RefusedTargetException) e).reason())
                .isIn(AddressClass.LOOPBACK, AddressClass.PLATFORM, AddressClass.PRIVATE, AddressClass.RESERVED);
        // Every address of every interface is refused, whichever class it falls in.
        for (InetAddress own : HostAddresses.live().own()) {
            assertThat(policy.refusal(own)).as(own.toString()).isPresent();
        }
        // Numeric spellings the system resolver accepts reach the same check.
        assertThatThrownBy(() -> policy.resolve("drain", "2130706433")).hasMessageContaining("resolves to a loopback address (127.0.0.1)");
        assertThat(OutboundPolicy.allowingLocal().resolve("drain", "127.0.0.1")).containsExactly(ip("127.0.0.1"));
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
