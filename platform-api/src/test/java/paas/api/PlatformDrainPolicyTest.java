package paas.api;

import org.junit.jupiter.api.Test;
import paas.logs.DrainPolicy;
import paas.logs.InvalidDrainUrlException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How paasd's configuration becomes its drain policy. */
class PlatformDrainPolicyTest {

    private static DrainPolicy policy(Map<String, String> env) {
        return Platform.drainPolicy(PlatformConfig.fromEnvironment(env));
    }

    @Test
    void theApiHostAndTheAppsDomainAreThePlatformsOwnNames() {
        DrainPolicy policy = policy(Map.of("PAAS_API_HOST", "api.paas.example.com", "PAAS_DOMAIN", "apps.example.com"));
        for (String url : new String[]{"https://api.paas.example.com/logs", "https://apps.example.com/",
                "syslog+tls://myapp.apps.example.com:6514", "syslog+tcp://127.0.0.1:5000", "syslog+tcp://172.17.0.1:514"}) {
            assertThatThrownBy(() -> policy.check(url)).as(url).isInstanceOf(InvalidDrainUrlException.class)
                    .hasMessageContaining("drains must reach a public address");
        }
        assertThat(policy.outbound().allowLocal()).isFalse();
    }

    @Test
    void localDrainsAreAllowedOnlyWhenTheOperatorSaysSo() {
        DrainPolicy local = policy(Map.of("PAAS_ALLOW_LOCAL_DRAINS", "true"));
        assertThat(local.checkResolving("syslog+tcp://127.0.0.1:5000").port()).isEqualTo(5000);
        assertThatThrownBy(() -> local.check("https://169.254.169.254/latest")).hasMessageContaining("link-local");
        assertThatThrownBy(() -> policy(Map.of()).check("syslog+tcp://localhost:5000")).hasMessageContaining("loopback");
    }
}
