package paas.api.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code bin/paasd router}, a router process of its own, fed by a fixture's paasd; its output in a file. */
final class SeparateRouter implements AutoCloseable {
    private final Process process;
    final int port;
    final Path log;

    private SeparateRouter(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static SeparateRouter start(PlatformFixture fixture, int port) throws Exception {
        return start(PaasdProcess.ROOT, fixture, port);
    }

    /** The router of another build (an upgrade's previous release). */
    static SeparateRouter start(Path root, PlatformFixture fixture, int port) throws Exception {
        Path log = Files.createTempFile(fixture.home, "router-", ".log");
        ProcessBuilder pb = new ProcessBuilder(List.of(root.resolve("bin/paasd").toString(), "router"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PAAS_"));
        pb.environment().put("PAAS_API_URL", "http://127.0.0.1:" + fixture.env.get("PAAS_API_PORT"));
        pb.environment().put("PAAS_ROUTER_TOKEN", PlatformFixture.ADMIN_TOKEN);
        pb.environment().put("PAAS_ROUTER_PORT", Integer.toString(port));
        return new SeparateRouter(pb.start(), port, log);
    }

    String output() throws Exception {
        return Files.readString(log);
    }

    /** SIGTERM, and waits for the router's shutdown hook. */
    @Override
    public void close() throws Exception {
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
