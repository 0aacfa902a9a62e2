package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import paas.process.DynoHandle;
import paas.process.DynoSpec;
import paas.process.Endpoint;
import paas.process.adapter.DynoLaunch;
import paas.process.addons.ExecTerminal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** How a dyno's container is made (hardening, network, labels) and read back. */
final class Containers {
    static final String TINI = "/usr/bin/tini";

    private Containers() {
    }

    /** The first 12 characters of a container id, as {@code docker ps} shows it. */
    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /**
     * Creates (does not start) the container of a dyno and returns its id. A slug's dyno runs
     * its command through bash after {@code .profile.d}, in {@code /app}, under the run image's
     * tini; an app's own image runs its ENTRYPOINT with {@code /bin/sh -c COMMAND}, in its
     * WORKDIR, under the engine's init (tini too), which signals the whole process group. Both
     * get the same limits, capabilities, network, {@code PORT} and config.
     */
    static String create(DockerClient docker, DockerRuntimeConfig config, DynoSpec spec, ReleaseImages.RunImage image,
                         boolean attached, Optional<ExecTerminal.Size> terminal, Instant now) {
        Map<String, String> env = DynoLaunch.environment(spec, config.containerPort());
        if (image.asIs()) {
            // For the engine's init (tini), and a tini the image may start as its ENTRYPOINT:
            // signal the whole process group, and reap as a subreaper when not PID 1.
            env.put("TINI_KILL_PROCESS_GROUP", "1");
            env.put("TINI_SUBREAPER", "1");
        } else {
            env.put("HOME", "/app");
        }
        List<String> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(k + "=" + v));

        long memory = spec.size().memoryMb() * 1024L * 1024L;
        HostConfig host = HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withPidsLimit((long) spec.size().pids())
                .withMemory(memory)
                .withMemorySwap(memory) // equal to memory: no swap on top
                .withNanoCPUs(Math.round(spec.size().cpus() * 1e9))
                .withNetworkMode(AppNetworks.name(spec.app()))
                .withRestartPolicy(RestartPolicy.noRestart()) // the reconciler restarts, with backoff
                .withLogConfig(new LogConfig(LogConfig.LoggingType.JSON_FILE,
                        Map.of("max-size", config.logMaxSize(), "max-file", "2")));
        ExposedPort port = ExposedPort.tcp(config.containerPort());
        if (spec.web()) {
            // A random host port on the publish address; the router on this host connects there.
            host.withPortBindings(new PortBinding(Ports.Binding.bindIp(config.publishIp()), port));
        }
        // -g: tini sends signals to the whole process group, so every process sees SIGTERM.
        var cmd = docker.createContainerCmd(image.ref())
                .withName("paas-" + spec.app() + "-" + spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8))
                .withLabels(Labels.forDyno(spec, config.platform(), attached, now))
                .withEnv(envList)
                .withUser(image.user())
                .withHostConfig(host);
        // The engine's API before 1.42 takes no terminal size at create, and a resize only after the
        // start, racing the command: the command's shell sets it first.
        String command = terminal.filter(t -> attached)
                .map(size -> DynoLaunch.inTerminalOf(size.rows(), size.columns(), spec.command()))
                .orElse(spec.command());
        if (image.asIs()) {
            host.withInit(true);
            // After the image's ENTRYPOINT, which is an init or a wrapper ending in exec "$@".
            cmd.withCmd("/bin/sh", "-c", command);
        } else {
            cmd.withWorkingDir("/app").withEntrypoint(TINI, "-g", "--").withCmd(DynoLaunch.command(command));
        }
        if (spec.web()) {
            cmd.withExposedPorts(port);
        }
        if (attached) {
            cmd.withTty(terminal.isPresent()).withStdinOpen(true).withStdInOnce(true)
                    .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true);
        }
        return cmd.exec().getId();
    }

    /** A dyno handle from a listed container; {@code exitCode} is null while it runs. */
    static DynoHandle handle(Container c, DockerRuntimeConfig config, Integer exitCode) {
        Map<String, String> l = c.getLabels();
        String app = l.get(Labels.APP);
        Endpoint endpoint = null;
        Endpoint probe = null;
        if (!Boolean.parseBoolean(l.get(Labels.ONE_OFF)) && "web".equals(l.get(Labels.TYPE))) {
            if (c.getPorts() != null) {
                for (ContainerPort p : c.getPorts()) {
                    if (p.getPrivatePort() != null && p.getPrivatePort() == config.containerPort() && p.getPublicPort() != null
                            && config.publishIp().equals(p.getIp())) {
                        endpoint = new Endpoint(p.getIp(), p.getPublicPort());
                    }
                }
            }
            // Probed on the container's own address: the userland proxy behind the published
            // port accepts connections even before the app listens.
            ContainerNetwork net = c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null ? null
                    : c.getNetworkSettings().getNetworks().get(AppNetworks.name(app));
            if (net != null && net.getIpAddress() != null && !net.getIpAddress().isEmpty()) {
                probe = new Endpoint(net.getIpAddress(), config.containerPort());
            }
        }
        Instant started = parseInstant(l.get(Labels.STARTED), c.getCreated());
        return new DynoHandle(c.getId(), app, Integer.parseInt(l.get(Labels.RELEASE)), l.get(Labels.DYNO),
                l.getOrDefault(Labels.COMMAND, ""), l.getOrDefault(Labels.SIZE, "unknown"),
                Boolean.parseBoolean(l.get(Labels.ONE_OFF)), started, endpoint, probe, exitCode);
    }

    private static Instant parseInstant(String label, Long createdSeconds) {
        try {
            return Instant.parse(label);
        } catch (RuntimeException e) {
            return Instant.ofEpochSecond(createdSeconds == null ? 0 : createdSeconds);
        }
    }

    /** True when the container's labels make it a dyno this runtime can list. */
    static boolean isDyno(Container c) {
        Map<String, String> l = c.getLabels();
        if (l == null || !"true".equals(l.get(Labels.MANAGED)) || l.get(Labels.DYNO) == null) {
            return false;
        }
        try {
            handleCheck(l);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void handleCheck(Map<String, String> l) {
        paas.process.Names.app(l.get(Labels.APP));
        paas.process.Names.dyno(l.get(Labels.DYNO));
        Integer.parseInt(l.get(Labels.RELEASE));
    }
}
