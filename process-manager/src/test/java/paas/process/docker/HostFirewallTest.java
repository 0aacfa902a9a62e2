package paas.process.docker;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostFirewallTest {
    private static final List<HostFirewall.PortRange> PORTS =
            List.of(HostFirewall.PortRange.of(8080), HostFirewall.PortRange.parse("47000-47099"));

    @Test
    void theRulesetLetsRepliesAndAllowedPortsThroughAndRejectsTheRestAlike() {
        String rules = HostFirewall.ruleset(List.of("br-0123456789ab"), PORTS);
        assertThat(rules.lines()).containsExactly(
                "*filter",
                ":PAAS-INPUT - [0:0]",
                ":PAAS-ISOLATION - [0:0]",
                "-A PAAS-INPUT -i paas-+ -j PAAS-ISOLATION",
                "-A PAAS-INPUT -i br-0123456789ab -j PAAS-ISOLATION",
                "-A PAAS-ISOLATION -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN",
                "-A PAAS-ISOLATION -p udp --dport 53 -j RETURN",
                "-A PAAS-ISOLATION -p tcp --dport 53 -j RETURN",
                "-A PAAS-ISOLATION -p tcp --dport 8080:8080 -j RETURN",
                "-A PAAS-ISOLATION -p tcp --dport 47000:47099 -j RETURN",
                "-A PAAS-ISOLATION -p tcp -j REJECT --reject-with tcp-reset",
                "-A PAAS-ISOLATION -j REJECT --reject-with icmp-port-unreachable",
                "COMMIT");
    }

    @Test
    void theChainIsHookedIntoInputOnceAndAFailureSaysWhatIsNotProtected() {
        List<String> calls = new ArrayList<>();
        boolean[] hooked = {false};
        HostFirewall.Iptables fake = new HostFirewall.Iptables() {
            @Override
            public int run(List<String> args, StringBuilder output) {
                calls.add(String.join(" ", args));
                if (args.getFirst().equals("-C")) {
                    return hooked[0] ? 0 : 1;
                }
                hooked[0] = true;
                return 0;
            }

            @Override
            public int restore(String rules, StringBuilder output) {
                calls.add("restore");
                return 0;
            }
        };
        HostFirewall firewall = new HostFirewall(fake);
        assertThat(firewall.install(List.of(), PORTS)).isTrue();
        assertThat(firewall.install(List.of(), PORTS)).isTrue();
        assertThat(calls).containsExactly("restore", "-C INPUT -j PAAS-INPUT", "-I INPUT 1 -j PAAS-INPUT",
                "restore", "-C INPUT -j PAAS-INPUT");

        HostFirewall refused = new HostFirewall(new HostFirewall.Iptables() {
            @Override
            public int run(List<String> args, StringBuilder output) {
                return 0;
            }

            @Override
            public int restore(String rules, StringBuilder output) {
                output.append("iptables-restore: Permission denied (you must be root)");
                return 4;
            }
        });
        assertThat(refused.install(List.of(), PORTS)).isFalse();
    }

    @Test
    void portRangesAreParsedAndChecked() {
        assertThat(HostFirewall.PortRange.parse(" 5432 ")).isEqualTo(new HostFirewall.PortRange(5432, 5432));
        assertThat(HostFirewall.PortRange.parse("47000-47099")).hasToString("47000-47099");
        for (String bad : new String[] {"", "x", "0", "70000", "20-10", "1-2-3", "-5"}) {
            assertThatThrownBy(() -> HostFirewall.PortRange.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theHostsIptablesAcceptsTheRuleset() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(
                Path.of("/usr/sbin/iptables-restore")), "needs root and iptables-restore");
        // --test parses and builds the ruleset without committing it.
        Process p = new ProcessBuilder("iptables-restore", "-w", "--noflush", "--test").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(HostFirewall.ruleset(List.of("br-0123456789ab"), PORTS).getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
    }
}
