package paas.api.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Debian's redis-server, started for one test on a free port of the host's own address, so
 * dynos in their containers reach it as they would reach a Redis on the team's network. It
 * persists nothing and goes away with the test.
 */
final class RedisServer implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final String host;
    private final int port;

    private RedisServer(Process process, Path dir, String host, int port) {
        this.process = process;
        this.dir = dir;
        this.host = host;
        this.port = port;
    }

    static RedisServer start() throws Exception {
        String host = HostAddress.reachableFromContainers();
        int port = HostAddress.freeServicePort();
        Path dir = Files.createTempDirectory("paas-it-redis-");
        Process process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", host,
                "--protected-mode", "no", "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServer server = new RedisServer(process, dir, host, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!server.answersPing()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                String log = Files.readString(dir.resolve("redis.log"));
                server.close();
                throw new IllegalStateException("redis-server did not start on " + host + ":" + port
                        + " (install Debian's redis-server; bin/test does):\n" + log);
            }
            Thread.sleep(50);
        }
        return server;
    }

    /** The URL an app is given as REDIS_URL. */
    String url() {
        return "redis://" + host + ":" + port;
    }

    private boolean answersPing() {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] reply = new byte[7];
            int n = in.readNBytes(reply, 0, reply.length);
            return new String(reply, 0, n, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
