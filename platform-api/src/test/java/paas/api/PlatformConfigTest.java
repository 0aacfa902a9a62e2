package paas.api;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformConfigTest {

    @Test
    void defaultsMakeAWorkingLocalPlatform() {
        PlatformConfig config = PlatformConfig.fromEnvironment(Map.of());
        assertThat(config.apiPort()).isEqualTo(5000);
        assertThat(config.routerPort()).isEqualTo(8080);
        assertThat(config.domain()).isEqualTo("localhost");
        assertThat(config.dataDir()).isEqualTo(Path.of(".paas-data").toAbsolutePath().normalize());
        assertThat(config.database().isEmbedded()).isTrue();
        assertThat(config.gitBaseUrl()).isEqualTo("http://localhost:5000");
        assertThat(config.webUrlTemplate().formatted("app.localhost")).isEqualTo("http://app.localhost:8080/");
        assertThat(config.orphanGrace()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(config.embeddedRouter()).as("bin/paasd alone serves apps").isTrue();
    }

    @Test
    void preparationIsOnUnlessTurnedOffAndAcceptsOnlyOnOrOff() {
        assertThat(PlatformConfig.fromEnvironment(Map.of()).prepare()).isTrue();
        assertThat(PlatformConfig.fromEnvironment(Map.of("PAAS_PREPARE", "on")).prepare()).isTrue();
        assertThat(PlatformConfig.fromEnvironment(Map.of("PAAS_PREPARE", "off")).prepare()).isFalse();
        for (String bad : new String[]{"false", "no", "OFF", "0"}) {
            assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_PREPARE", bad)))
                    .isInstanceOf(PlatformConfig.Invalid.class)
                    .hasMessageStartingWith("PAAS_PREPARE=" + bad).hasMessageContaining("use on").hasMessageContaining("or off");
        }
    }

    @Test
    void orphanGraceIsWholeHoursFromOneToAYear() {
        assertThat(PlatformConfig.fromEnvironment(Map.of("PAAS_ORPHAN_GRACE_HOURS", "72")).orphanGrace())
                .isEqualTo(java.time.Duration.ofHours(72));
        for (String bad : new String[]{"0", "-1", "1.5", "24h", "8761"}) {
            assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_ORPHAN_GRACE_HOURS", bad)))
                    .hasMessageStartingWith("PAAS_ORPHAN_GRACE_HOURS=" + bad).hasMessageContaining("1 to 8760");
        }
    }

    @Test
    void tlsIsOffUntilAPortIsGivenAndItsFilesComeInPairs() {
        PlatformConfig.Tls defaults = PlatformConfig.fromEnvironment(Map.of()).tls();
        assertThat(defaults.routerTlsPort()).isEmpty();
        assertThat(defaults.acmeDirectory()).hasToString("acme://letsencrypt.org");
        assertThat(defaults.apiHostname()).isEqualTo("api.localhost");
        assertThat(defaults.allowSelfSigned()).isFalse();
        assertThat(defaults.acmeCheckInterval()).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(PlatformConfig.fromEnvironment(Map.of("PAAS_ACME_CHECK_INTERVAL_SECONDS", "2")).tls()
                .acmeCheckInterval()).isEqualTo(java.time.Duration.ofSeconds(2));
        for (String bad : new String[]{"0", "-5", "24h", "604801"}) {
            assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_ACME_CHECK_INTERVAL_SECONDS", bad)))
                    .hasMessageStartingWith("PAAS_ACME_CHECK_INTERVAL_SECONDS=" + bad)
                    .hasMessageContaining("1 to 604800");
        }

        PlatformConfig.Tls on = PlatformConfig.fromEnvironment(Map.of("PAAS_ROUTER_TLS_PORT", "443",
                "PAAS_DOMAIN", "apps.example.com", "PAAS_ALLOW_SELF_SIGNED_CERTS", "on")).tls();
        assertThat(on.routerTlsPort()).contains(443);
        assertThat(on.apiHostname()).isEqualTo("api.apps.example.com");
        assertThat(on.allowSelfSigned()).isTrue();

        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_TLS_CERT_FILE", "/etc/paas/w.crt")))
                .hasMessageStartingWith("PAAS_TLS_KEY_FILE=").hasMessageContaining("set both");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_ROUTER_TLS_PORT", "https")))
                .hasMessageStartingWith("PAAS_ROUTER_TLS_PORT=https");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_ACME_DIRECTORY", "ftp://ca")))
                .hasMessageStartingWith("PAAS_ACME_DIRECTORY=ftp://ca").hasMessageContaining("directory URL");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_ALLOW_SELF_SIGNED_CERTS", "yes")))
                .hasMessageStartingWith("PAAS_ALLOW_SELF_SIGNED_CERTS=yes");
    }

    @Test
    void theRouterCanBeLeftToASeparateProcess() {
        PlatformConfig config = PlatformConfig.fromEnvironment(Map.of("PAAS_ROUTER", "off", "PAAS_ROUTER_PORT", "80"));
        assertThat(config.embeddedRouter()).isFalse();
        assertThat(config.webUrlTemplate().formatted("app.example.com")).as("the separate router's port")
                .isEqualTo("http://app.example.com/");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_ROUTER", "separate")))
                .hasMessageStartingWith("PAAS_ROUTER=separate").hasMessageContaining("embedded").hasMessageContaining("off");
    }

    @Test
    void badValuesNameTheVariableAndTheRule() {
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_API_PORT", "http")))
                .hasMessageStartingWith("PAAS_API_PORT=http").hasMessageContaining("0 to 65535");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_ROUTER_PORT", "70000")))
                .hasMessageStartingWith("PAAS_ROUTER_PORT=70000");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_DOMAIN", "Apps.Example.com")))
                .hasMessageStartingWith("PAAS_DOMAIN=");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("DATABASE_URL", "mysql://u:secret@h/db")))
                .hasMessageStartingWith("DATABASE_URL=").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_ADMIN_TOKEN", "short")))
                .hasMessageStartingWith("PAAS_ADMIN_TOKEN=(hidden)");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_MAX_DYNOS_PER_TYPE", "0")))
                .hasMessageStartingWith("PAAS_MAX_DYNOS_PER_TYPE=0");
    }

    @Test
    void theApiRateLimitIsHerokusUnlessSetAndRefusesNonsense() {
        assertThat(PlatformConfig.fromEnvironment(Map.of()).apiRateLimit())
                .isEqualTo(new paas.api.http.ApiRateLimit.Policy(4500, 75));
        assertThat(PlatformConfig.fromEnvironment(Map.of("PAAS_API_RATE_LIMIT", "100",
                "PAAS_API_RATE_LIMIT_PER_MINUTE", "10")).apiRateLimit())
                .isEqualTo(new paas.api.http.ApiRateLimit.Policy(100, 10));
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_API_RATE_LIMIT", "0")))
                .isInstanceOf(PlatformConfig.Invalid.class).hasMessageStartingWith("PAAS_API_RATE_LIMIT=0");
        assertThatThrownBy(() -> PlatformConfig.fromEnvironment(Map.of("PAAS_API_RATE_LIMIT_PER_MINUTE", "lots")))
                .isInstanceOf(PlatformConfig.Invalid.class).hasMessageContaining("whole number");
    }
}
