package paas.api.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's PostgreSQL as an app's database: a throwaway cluster started for one test on the
 * host's own address with password authentication, the way a team's database server answers
 * dynos. Without TLS, as such a server often is. (The platform's own test store is another
 * cluster, on loopback, started by bin/test.)
 */
final class PostgresServer implements AutoCloseable {
    private static final String PASSWORD = "corpus-app-secret";

    private final Path dir;
    private final String host;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path dir, String host, int port, boolean asPostgres) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    static PostgresServer start() throws Exception {
        Path bin = binDir();
        String host = HostAddress.reachableFromContainers();
        int port = HostAddress.freeServicePort();
        Path dir = Files.createTempDirectory("paas-it-appdb-");
        boolean asPostgres = "root".equals(System.getProperty("user.name"));
        PostgresServer server = new PostgresServer(dir, host, port, asPostgres);
        Files.writeString(dir.resolve("pwfile"), PASSWORD + "\n");
        if (asPostgres) {
            server.run("chown", "-R", "postgres:", dir.toString());
        }
        server.runAsOwner(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "app",
                "--pwfile", dir.resolve("pwfile").toString(), "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8");
        Files.writeString(dir.resolve("data/pg_hba.conf"), "host all all 0.0.0.0/0 scram-sha-256\n",
                java.nio.file.StandardOpenOption.APPEND);
        server.runAsOwner(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=" + host + " -c fsync=off", "start");
        return server;
    }

    /** The URL an app is given as DATABASE_URL, as Heroku gives it. */
    String url() {
        return "postgres://app:" + PASSWORD + "@" + host + ":" + port + "/postgres";
    }

    /** Runs SQL with psql as the cluster's owner; answers psql's unaligned output. */
    String sql(String statement) throws Exception {
        return runAsOwner(binDir().resolve("psql").toString(), "-h", dir.toString(), "-p", Integer.toString(port),
                "-U", "app", "-d", "postgres", "-At", "-c", statement);
    }

    private static Path binDir() throws IOException {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql:"
                            + " install Debian's postgresql (bin/test does)"));
        }
    }

    private String runAsOwner(String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return run(full.toArray(String[]::new));
    }

    private String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            String log = Files.exists(dir.resolve("server.log")) ? Files.readString(dir.resolve("server.log")) : "";
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out + log);
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            runAsOwner(binDir().resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "stop");
        } catch (IllegalStateException alreadyStopped) {
            // nothing to stop
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
