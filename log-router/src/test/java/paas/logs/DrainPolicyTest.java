package paas.logs;

import org.junit.jupiter.api.Test;
import paas.outbound.HostAddresses;
import paas.outbound.OutboundPolicy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainPolicyTest {
    private static final Map<String, String> DNS = Map.of(
            "logs.example.net", "93.184.215.14",
            "internal.example.net", "10.0.0.5",
            "gateway.example.net", "172.17.0.1",
            "metadata.example.net", "169.254.169.254",
            "host.example.net", "198.41.0.4");

    private static DrainPolicy policy(boolean allowLocal) {
        return new DrainPolicy(new OutboundPolicy(allowLocal, Set.of("api.paas.example.com", "apps.example.com"),
                () -> new HostAddresses(Set.of(ip("198.41.0.4")), Set.of()), host -> {
            if (!DNS.containsKey(host)) {
                throw new UnknownHostException(host);
            }
            return List.of(ip(DNS.get(host)));
        }));
    }

    @Test
    void checkRefusesLiteralsLocalhostAndThePlatformsNamesWithoutResolving() {
        DrainPolicy strict = policy(false);
        for (String url : List.of("syslog+tcp://127.0.0.1:514", "syslog+tcp://localhost:514", "https://app.localhost/",
                "syslog+tls://[::1]:6514", "syslog+tcp://0.0.0.0:514", "https://169.254.169.254/latest",
                "syslog+tcp://10.1.2.3:514", "syslog+tcp://172.17.0.1:514", "syslog+tcp://100.64.0.1:514",
                "syslog+tcp://224.0.0.1:514", "syslog+tcp://255.255.255.255:514", "syslog+tcp://[::ffff:10.0.0.1]:514",
                "syslog+tcp://198.41.0.4:5000", "https://api.paas.example.com/logs", "https://myapp.apps.example.com/")) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(InvalidDrainUrlException.class)
                    .hasMessageContaining("drains must reach a public address");
        }
        // a name is not looked up by check: this one does not resolve, and passes
        assertThat(strict.check("syslog+tls://unknown.example.net:6514").host()).isEqualTo("unknown.example.net");
    }

    @Test
    void checkResolvingJudgesEveryAddressTheNameHasNow() {
        DrainPolicy strict = policy(false);
        assertThat(strict.checkResolving("syslog+tls://logs.example.net:6514").host()).isEqualTo("logs.example.net");
        assertThatThrownBy(() -> strict.checkResolving("syslog+tcp://internal.example.net:514"))
                .isInstanceOf(InvalidDrainUrlException.class)
                .hasMessage("drain host 'internal.example.net' resolves to a private address (10.0.0.5);"
                        + " drains must reach a public address");
        assertThatThrownBy(() -> strict.checkResolving("https://metadata.example.net/")).hasMessageContaining("link-local");
        assertThatThrownBy(() -> strict.checkResolving("https://host.example.net/"))
                .hasMessageContaining("resolves to an address of this platform's own host (198.41.0.4)");
        assertThatThrownBy(() -> strict.checkResolving("syslog+tls://unknown.example.net:6514"))
                .isInstanceOf(InvalidDrainUrlException.class).hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> strict.checkResolving("ftp://logs.example.net/")).hasMessageContaining("not supported");
    }

    @Test
    void theEscapeHatchAllowsThisMachineAndPrivateNetworksButNeverMetadataOrBroadcast() {
        DrainPolicy local = policy(true);
        for (String url : List.of("syslog+tcp://127.0.0.1:514", "syslog+tcp://localhost:514", "syslog+tcp://internal.example.net:514",
                "syslog+tcp://gateway.example.net:514", "https://host.example.net/", "https://api.paas.example.com/")) {
            assertThat(local.check(url).uri().toString()).isEqualTo(url);
        }
        assertThat(local.checkResolving("syslog+tcp://gateway.example.net:514").port()).isEqualTo(514);
        assertThatThrownBy(() -> local.checkResolving("https://metadata.example.net/")).hasMessageContaining("link-local");
        assertThatThrownBy(() -> local.check("syslog+tcp://255.255.255.255:514")).hasMessageContaining("broadcast");
    }

    @Test
    void theFactoriesUseTheRealResolver() {
        assertThatThrownBy(() -> DrainPolicy.strict().checkResolving("syslog+tcp://127.0.0.1:514")).hasMessageContaining("loopback");
        assertThat(DrainPolicy.allowingLoopback().checkResolving("syslog+tcp://127.0.0.1:514").port()).isEqualTo(514);
        assertThatThrownBy(() -> DrainPolicy.of(false, Set.of("paas.example.com")).check("https://api.paas.example.com/"))
                .hasMessageContaining("platform's own host");
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
