package paas.api.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import paas.vocabulary.DynoSize;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ab", "my-app", "a1", "abcdefghijklmnopqrstuvwxyz0123"})
    void appNamesThatFollowTheRuleAreAccepted(String name) {
        assertThat(new AppName(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "1app", "-app", "My-App", "my_app", "my.app", "app/../x", "abcdefghijklmnopqrstuvwxyz01234",
            "app\nname", "ápp", "app name"})
    void appNamesThatBreakTheRuleAreRefusedWithTheRule(String name) {
        assertThatThrownBy(() -> new AppName(name)).isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("^[a-z][a-z0-9-]{1,29}$");
    }

    @Test
    void refusedInputIsQuotedWithoutControlCharacters() {
        assertThatThrownBy(() -> new AppName("bad\r\nX-Injected: 1")).hasMessageContaining("bad\\x0d\\x0aX-Injected");
        assertThatThrownBy(() -> new AppName(null)).hasMessageContaining("(missing)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"FOO", "_x", "DATABASE_URL", "a1_B2"})
    void configKeysThatAShellCanExportAreAccepted(String key) {
        assertThat(new ConfigKey(key).value()).isEqualTo(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1FOO", "FOO-BAR", "FOO BAR", "FOO=1", "FÖO", "$FOO"})
    void otherConfigKeysAreRefused(String key) {
        assertThatThrownBy(() -> new ConfigKey(key)).isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("^[A-Za-z_][A-Za-z0-9_]*$");
    }

    @Test
    void configValuesWithNulOrOverTheLimitAreRefused() {
        assertThatThrownBy(() -> ConfigPatch.of(Map.of("A", "x\0y"))).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ConfigPatch.of(Map.of("A", "é".repeat(16 * 1024 + 1))))
                .hasMessageContaining("32768 bytes");
        assertThat(ConfigPatch.of(Map.of("A", "é".repeat(16 * 1024))).set()).hasSize(1);
        assertThat(ConfigPatch.of(Map.of("EMOJI", "ünïcødé ✓ \n multi-line")).set()).hasSize(1);
    }

    @Test
    void releaseDescriptionsNameWhatChanged() {
        ConfigVars before = new ConfigVars(Map.of("KEEP", "1", "OLD", "x"));
        Map<String, String> changes = new java.util.LinkedHashMap<>();
        changes.put("NEW", "1");
        changes.put("KEEP", "1");
        changes.put("OLD", null);
        changes.put("ABSENT", null);
        assertThat(ConfigPatch.of(changes).describe(before)).isEqualTo("Set NEW and remove OLD config vars");
        assertThat(ConfigPatch.of(Map.of("A", "1", "B", "2")).describe(ConfigVars.EMPTY))
                .isIn("Set A, B config vars", "Set B, A config vars");
        Map<String, String> remove = new HashMap<>();
        remove.put("OLD", null);
        assertThat(ConfigPatch.of(remove).describe(before)).isEqualTo("Remove OLD config vars");
        assertThat(ConfigPatch.of(Map.of("KEEP", "1")).describe(before)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"web", "worker", "release", "clock-2", "a_b"})
    void processTypesFollowTheProcfileGrammar(String type) {
        assertThat(new ProcessType(type).value()).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "we b", "web:", "web.1", "wörker"})
    void otherProcessTypesAreRefused(String type) {
        assertThatThrownBy(() -> new ProcessType(type)).isInstanceOf(PlatformException.InvalidParams.class)
                .hasMessageContaining("^[a-zA-Z0-9_-]{1,63}$");
    }

    @ParameterizedTest
    @ValueSource(strings = {"www.example.com", "*.example.com", "a.b", "x-1.example.co.uk"})
    void hostnamesAreLowercaseDnsNames(String host) {
        assertThat(new Hostname(host).value()).isEqualTo(host);
    }

    @Test
    void hostnamesInAnyCaseAreKeptLowercase() {
        assertThat(new Hostname("WWW.Example.com").value()).isEqualTo("www.example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "-a.example.com", "a-.example.com", "a..b", "a.b.",
            "*.*.example.com", "ex ample.com", "example.com/path", "exa_mple.com"})
    void otherHostnamesAreRefused(String host) {
        assertThatThrownBy(() -> new Hostname(host)).isInstanceOf(PlatformException.InvalidParams.class);
    }

    @Test
    void hostnamesKnowWhetherTheyAreUnderADomain() {
        assertThat(new Hostname("app.localhost.test").isWithin("localhost.test")).isTrue();
        assertThat(new Hostname("notlocalhost.test").isWithin("localhost.test")).isFalse();
    }

    @Test
    void unknownDynoSizeNamesTheKnownOnes() {
        assertThatThrownBy(() -> DynoSizes.standard().require("mega"))
                .hasMessageContaining("basic, standard-1x, standard-2x, performance-m, performance-l");
    }
}
