package paas.api.it;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A clean Debian host for deploy/install.sh: a container of the test machine's engine, from the
 * debootstrap'd root the stack is built on (paas/stack-base), booting systemd as PID 1, with the
 * checkout at /src (read-only), the test JVM's JDK under /usr/lib/jvm (Debian 12 has no JDK 21+)
 * and the engine's socket, so the paasd it installs uses this machine's engine and stack images.
 *
 * <p>The image (systemd, Docker's package with its units masked, git and debootstrap downloaded
 * only) is built from src/test/resources/install/Dockerfile once and tagged with a hash of that
 * file and the base image's id, so later runs start at once.
 *
 * <p>systemd runs without cgroup writes (the container's cgroups are the engine's, read-only):
 * it still starts, stops and supervises services by their main process, which is all the
 * install scripts need.
 */
final class DebianHost implements AutoCloseable {
    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output;
        }
    }

    static final String IMAGE_REPOSITORY = "paas-test/install-host";
    static final String TEST_LABEL = "paas.test=install";

    private final String container;

    private DebianHost(String container) {
        this.container = container;
    }

    /** Builds the image when its recipe changed, starts the container and waits for systemd. */
    static DebianHost boot() throws IOException, InterruptedException {
        String image = image();
        Path jdk = Path.of(System.getProperty("java.home"));
        if (!Files.isExecutable(jdk.resolve("bin/javac"))) {
            throw new IllegalStateException("the test JVM (" + jdk + ") is no JDK: install.sh needs one; run Maven with JAVA_HOME set to a JDK 21+");
        }
        List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "--name", "paas-install-it-" + UUID.randomUUID().toString().substring(0, 8),
                "--label", TEST_LABEL,
                // systemd as PID 1: mounts, its own notification socket, no seccomp filter on them.
                "--cap-add", "SYS_ADMIN", "--cap-add", "NET_ADMIN",
                "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined", "--cgroupns=private",
                "--tmpfs", "/run", "--tmpfs", "/run/lock", "--tmpfs", "/tmp",
                "-v", "/var/run/docker.sock:/run/docker.sock",
                "-v", PaasdProcess.ROOT + ":/src:ro",
                "-v", jdk + ":/usr/lib/jvm/" + jdk.getFileName() + ":ro"));
        // The stack images' recipe hashes the extra CA certificates: the same ones as the host's,
        // so install.sh finds the host's images up to date instead of building new ones.
        Path cas = Path.of("/usr/local/share/ca-certificates");
        if (Files.isDirectory(cas)) {
            run.addAll(List.of("-v", cas + ":" + cas + ":ro"));
        }
        run.add(image);
        Result started = docker(Duration.ofMinutes(1), run);
        if (started.exitCode() != 0) {
            throw new IllegalStateException("cannot start the Debian host: " + started);
        }
        DebianHost host = new DebianHost(started.output().strip());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            state = host.sh("systemctl is-system-running").output().strip();
            if (state.equals("running") || state.equals("degraded")) {
                return host;
            }
            Thread.sleep(300);
        }
        host.close();
        throw new IllegalStateException("systemd did not come up in the Debian host within 60 s (state '" + state + "')");
    }

    /** Runs a shell command line as root in the host; stdout and stderr together. */
    Result sh(String commandLine) throws IOException, InterruptedException {
        return sh(commandLine, Duration.ofSeconds(60));
    }

    Result sh(String commandLine, Duration timeout) throws IOException, InterruptedException {
        return docker(timeout, List.of("docker", "exec", container, "bash", "-c", commandLine));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        docker(Duration.ofMinutes(1), List.of("docker", "rm", "-f", "-v", container));
    }

    static Result docker(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("debian-host", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, "timed out after " + timeout + ": " + command + "\n" + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The newest paas/stack-base: the debootstrap'd Debian root of this machine's stack. */
    static String baseImage() throws IOException, InterruptedException {
        Result tags = docker(Duration.ofSeconds(30), List.of("docker", "image", "ls", "paas/stack-base", "--format", "{{.Repository}}:{{.Tag}}"));
        return tags.output().lines().filter(t -> !t.endsWith(":<none>")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no paas/stack-base image on this engine: build the stack with deploy/stack/build.sh"));
    }

    private static String image() throws IOException, InterruptedException {
        Path context;
        try {
            context = Path.of(DebianHost.class.getResource("/install/Dockerfile").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String base = baseImage();
        String baseId = docker(Duration.ofSeconds(30), List.of("docker", "image", "inspect", "--format", "{{.Id}}", base)).output().strip();
        String tag = IMAGE_REPOSITORY + ":" + recipeHash(Files.readAllBytes(context.resolve("Dockerfile")), baseId);
        if (docker(Duration.ofSeconds(30), List.of("docker", "image", "inspect", tag)).exitCode() == 0) {
            return tag;
        }
        Result built = docker(Duration.ofMinutes(10), List.of("docker", "build", "-q", "--label", TEST_LABEL,
                "--build-arg", "BASE=" + base, "-t", tag, context.toString()));
        if (built.exitCode() != 0) {
            throw new IllegalStateException("building " + tag + " failed: " + built);
        }
        return tag;
    }

    private static String recipeHash(byte[] dockerfile, String baseId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(dockerfile);
            sha.update(baseId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
