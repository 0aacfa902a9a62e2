package paas.logs;

import org.junit.jupiter.api.Test;
import paas.logs.InvalidDrainUrlException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DrainUrlTest {

    private static void refused(String url, String rule) {
        assertThatThrownBy(() -> DrainUrl.parse(url)).isInstanceOf(InvalidDrainUrlException.class).hasMessageContaining(rule);
    }

    @Test
    void acceptsTheThreeKinds() {
        DrainUrl tcp = DrainUrl.parse("syslog+tcp://logs.example.com:514");
        assertThat(tcp.kind()).isEqualTo(DrainUrl.Kind.SYSLOG_TCP);
        assertThat(tcp.port()).isEqualTo(514);
        assertThat(DrainUrl.parse("syslog+tls://logs.example.com:6514/").kind()).isEqualTo(DrainUrl.Kind.SYSLOG_TLS);
        DrainUrl https = DrainUrl.parse("https://user:s3cret@logs.example.com/in?app=x");
        assertThat(https.kind()).isEqualTo(DrainUrl.Kind.HTTPS);
        assertThat(https.port()).isEqualTo(443);
        assertThat(https.userInfo()).isEqualTo("user:s3cret");
        assertThat(https.redacted()).isEqualTo("https://***@logs.example.com/in?app=x");
        DrainUrl v6 = DrainUrl.parse("syslog+tcp://[2001:db8::1]:514");
        assertThat(v6.host()).isEqualTo("2001:db8::1");
    }

    @Test
    void refusesEachBrokenRuleWithItsMessage() {
        refused("", "empty");
        refused("http://logs.example.com/", "scheme 'http' is not supported");
        refused("syslog://logs.example.com:514", "scheme 'syslog' is not supported");
        refused("logs.example.com:514", "is not supported");
        refused("syslog+tcp://logs.example.com", "need a port");
        refused("syslog+tcp://logs.example.com:0", "between 1 and 65535, got 0");
        refused("syslog+tcp://logs.example.com:65536", "between 1 and 65535, got 65536");
        refused("https://logs.example.com:99999/", "between 1 and 65535");
        refused("syslog+tls://user:pw@logs.example.com:6514", "may not carry credentials");
        refused("syslog+tcp://logs.example.com:514/path", "no path, query or fragment");
        refused("syslog+tcp://logs.example.com:514?x=1", "no path, query or fragment");
        refused("https://logs.example.com/in#frag", "no fragment");
        refused("https:///in", "needs a host");
        refused("syslog+tcp://:514", "needs a host");
        refused("https://logs example.com/", "not a valid URL");
        refused("syslog+tcp://127.1:514", "four decimal numbers");
        refused("syslog+tcp://0177.0.0.1:514", "four decimal numbers");
        refused("https://logs.example.com/" + "a".repeat(2100), "the limit is 2048");
    }
}
