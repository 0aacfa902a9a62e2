package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.vocabulary.EngineNetworks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps builds and dynos away from the host's own services. The engine keeps containers of
 * different networks apart, but not a container from its host: through its network's gateway
 * (or any host address) a dyno reached paasd's API and anything else listening on the host.
 *
 * <p>The rules, in the host's filter table: INPUT jumps to {@value #INPUT_CHAIN} for traffic from
 * any platform bridge ({@code paas-+}, see {@link EngineNetworks}, plus bridges of networks made
 * before they were named so). That chain lets replies through (connections the host opened, such
 * as the router's to a dyno), DNS (the engine's resolver may forward to one on the host), new
 * connections to the ports in {@code allowedPorts} (the router's, so an app can call another app by
 * its public URL, and what the operator allows), and rejects the
 * rest, the same way for an open port as for a closed one. Installed whole at every start, in one
 * {@code iptables-restore} transaction (the chains are never seen empty), so a changed list of
 * ports takes effect, and idempotently, so several platforms on one engine agree.
 *
 * <p>Needs root and iptables on the engine's host; {@link #install} says so when they are missing
 * instead of failing the start.
 */
public final class HostFirewall {
    private static final Logger log = LoggerFactory.getLogger(HostFirewall.class);
    static final String INPUT_CHAIN = "PAAS-INPUT";
    static final String REJECT_CHAIN = "PAAS-ISOLATION";

    /** The host's iptables: a command, or a ruleset fed to {@code iptables-restore --noflush}. */
    public interface Iptables {
        /** Runs {@code iptables -w ARGS}; answers its exit status and appends its output. */
        int run(List<String> args, StringBuilder output) throws IOException, InterruptedException;

        /** Runs {@code iptables-restore -w --noflush} with {@code rules} on its input; the same answers. */
        int restore(String rules, StringBuilder output) throws IOException, InterruptedException;

        /** This host's, run on the calling thread (a platform thread: these are blocking reads). */
        static Iptables onThisHost() {
            return new Iptables() {
                @Override
                public int run(List<String> args, StringBuilder output) throws IOException, InterruptedException {
                    List<String> command = new ArrayList<>(List.of("iptables", "-w"));
                    command.addAll(args);
                    return exec(command, "", output);
                }

                @Override
                public int restore(String rules, StringBuilder output) throws IOException, InterruptedException {
                    return exec(List.of("iptables-restore", "-w", "--noflush"), rules, output);
                }

                private int exec(List<String> command, String input, StringBuilder output)
                        throws IOException, InterruptedException {
                    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                    try (var in = p.getOutputStream()) {
                        in.write(input.getBytes(StandardCharsets.UTF_8));
                    }
                    output.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    return p.waitFor();
                }
            };
        }
    }

    /** TCP ports {@code from} to {@code to} of the host that builds and dynos may connect to. */
    public record PortRange(int from, int to) {
        public PortRange {
            if (from < 1 || to > 65535 || from > to) {
                throw new IllegalArgumentException("a port range is 1 to 65535, low to high: " + from + "-" + to);
            }
        }

        public static PortRange of(int port) {
            return new PortRange(port, port);
        }

        /** {@code 5432} or {@code 47000-47099}. */
        public static PortRange parse(String text) {
            String[] parts = text.strip().split("-", -1);
            if (parts.length > 2) {
                throw new IllegalArgumentException("'" + text + "' is not a port or a range of ports such as 47000-47099");
            }
            try {
                int from = Integer.parseInt(parts[0].strip());
                return new PortRange(from, parts.length == 1 ? from : Integer.parseInt(parts[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a port or a range of ports such as 47000-47099");
            }
        }

        @Override
        public String toString() {
            return from == to ? Integer.toString(from) : from + "-" + to;
        }
    }

    private final Iptables iptables;

    public HostFirewall(Iptables iptables) {
        this.iptables = iptables;
    }

    /**
     * Installs the rules for bridges of the platform's networks on {@code docker}, letting new
     * connections through only to {@code allowedPorts} (TCP) of the host. True when installed.
     */
    public boolean install(DockerClient docker, List<PortRange> allowedPorts) {
        return install(legacyBridges(docker), allowedPorts);
    }

    boolean install(List<String> legacyBridges, List<PortRange> allowedPorts) {
        try {
            StringBuilder output = new StringBuilder();
            // One transaction: the chains are replaced whole, never seen empty or half filled.
            if (iptables.restore(ruleset(legacyBridges, allowedPorts), output) != 0) {
                throw new IOException("iptables-restore refused the rules: " + output.toString().strip());
            }
            List<String> hook = List.of("INPUT", "-j", INPUT_CHAIN);
            if (iptables.run(concat("-C", hook), new StringBuilder()) != 0) {
                StringBuilder hookOutput = new StringBuilder();
                if (iptables.run(concat("-I", List.of("INPUT", "1", "-j", INPUT_CHAIN)), hookOutput) != 0) {
                    throw new IOException("iptables -I INPUT 1 -j " + INPUT_CHAIN + " failed: "
                            + hookOutput.toString().strip());
                }
            }
            log.info("host firewall: builds and dynos reach the host only on ports {} (chain {}, from {}+ bridges)",
                    allowedPorts, INPUT_CHAIN, EngineNetworks.BRIDGE_PREFIX);
            return true;
        } catch (IOException e) {
            log.warn("host firewall NOT installed, so builds and dynos can reach every service on this host: {}."
                    + " Run paasd as root on the engine's host with iptables installed (apt-get install iptables)",
                    e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Removes the rules (PAAS_HOST_FIREWALL=off: the operator enforces isolation another way).
     * True when none are left; absent rules are fine.
     */
    public boolean uninstall() {
        try {
            while (iptables.run(List.of("-D", "INPUT", "-j", INPUT_CHAIN), new StringBuilder()) == 0) {
                // a hook added twice by hand goes too
            }
            for (String chain : List.of(INPUT_CHAIN, REJECT_CHAIN)) {
                iptables.run(List.of("-F", chain), new StringBuilder());
            }
            for (String chain : List.of(INPUT_CHAIN, REJECT_CHAIN)) {
                iptables.run(List.of("-X", chain), new StringBuilder());
            }
            log.warn("host firewall off (PAAS_HOST_FIREWALL=off): builds and dynos can reach this host's services"
                    + " unless you keep them out another way (docs/security.md)");
            return true;
        } catch (IOException e) {
            log.warn("could not remove the host firewall's rules: {}", e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** The two chains as iptables-restore input: declared (which empties them), then filled. */
    static String ruleset(List<String> legacyBridges, List<PortRange> allowedPorts) {
        StringBuilder r = new StringBuilder("*filter\n");
        r.append(':').append(INPUT_CHAIN).append(" - [0:0]\n");
        r.append(':').append(REJECT_CHAIN).append(" - [0:0]\n");
        r.append("-A ").append(INPUT_CHAIN).append(" -i ").append(EngineNetworks.BRIDGE_PREFIX).append("+ -j ")
                .append(REJECT_CHAIN).append('\n');
        for (String bridge : legacyBridges) {
            r.append("-A ").append(INPUT_CHAIN).append(" -i ").append(bridge).append(" -j ").append(REJECT_CHAIN)
                    .append('\n');
        }
        r.append("-A ").append(REJECT_CHAIN).append(" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN\n");
        // Name lookups: the engine's resolver may forward a container's queries to one on this host.
        r.append("-A ").append(REJECT_CHAIN).append(" -p udp --dport 53 -j RETURN\n");
        r.append("-A ").append(REJECT_CHAIN).append(" -p tcp --dport 53 -j RETURN\n");
        for (PortRange ports : allowedPorts) {
            r.append("-A ").append(REJECT_CHAIN).append(" -p tcp --dport ").append(ports.from()).append(':')
                    .append(ports.to()).append(" -j RETURN\n");
        }
        // The same answer for an open port as for a closed one: nothing to scan.
        r.append("-A ").append(REJECT_CHAIN).append(" -p tcp -j REJECT --reject-with tcp-reset\n");
        r.append("-A ").append(REJECT_CHAIN).append(" -j REJECT --reject-with icmp-port-unreachable\n");
        return r.append("COMMIT\n").toString();
    }

    /** Bridges of the platform's networks made before bridges were named {@code paas-...}: {@code br-} and 12 of the id. */
    private static List<String> legacyBridges(DockerClient docker) {
        List<String> bridges = new ArrayList<>();
        List<Network> managed;
        try {
            managed = docker.listNetworksCmd().withFilter("label", List.of(Labels.MANAGED + "=true")).exec();
        } catch (RuntimeException engineAway) {
            // No engine yet: it has no network of ours either, and the prefix rule covers what it makes.
            return bridges;
        }
        for (Network n : managed) {
            Map<String, String> options = n.getOptions() == null ? Map.of() : n.getOptions();
            String named = options.get(EngineNetworks.BRIDGE_NAME_OPTION);
            if (named == null || !named.startsWith(EngineNetworks.BRIDGE_PREFIX)) {
                bridges.add(named != null ? named : "br-" + n.getId().substring(0, 12));
            }
        }
        return bridges;
    }
}
