package paas.api.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The npm {@code heroku-client} (test resources {@code heroku-client/}: driver.js runs every file
 * in cases/) pointed at a paasd, as a Heroku API client is. Its node_modules are installed once
 * per package-lock.json, by {@code npm ci} from the npm registry, into a cache the runs share.
 */
final class HerokuClient {
    record Result(int exitCode, String output, List<String> cases) {
        /** The cases that did not print {@code ok NAME}. */
        List<String> notOk() {
            List<String> lines = output.lines().toList();
            return cases.stream().filter(c -> !lines.contains("ok " + c)).toList();
        }
    }

    private HerokuClient() {
    }

    /** Runs every case against {@code app}, as the holder of {@code token}. */
    static Result drive(String apiUrl, String token, String app) throws Exception {
        Path driver = resources();
        Path modules = installed(driver);
        Path log = Files.createTempFile("paas-it-heroku-client-", ".log");
        ProcessBuilder node = new ProcessBuilder("node", driver.resolve("driver.js").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        node.environment().put("NODE_PATH", modules.toString());
        node.environment().put("HEROKU_API_URL", apiUrl);
        node.environment().put("HEROKU_API_KEY", token);
        node.environment().put("APP", app);
        Process p = node.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("heroku-client did not finish in 5 minutes:\n" + Files.readString(log));
        }
        List<String> cases;
        try (Stream<Path> files = Files.list(driver.resolve("cases"))) {
            cases = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".js"))
                    .map(f -> f.substring(0, f.length() - 3)).sorted().toList();
        }
        return new Result(p.exitValue(), Files.readString(log), cases);
    }

    private static Path resources() throws URISyntaxException {
        return Path.of(HerokuClient.class.getResource("/heroku-client/driver.js").toURI()).getParent();
    }

    /** node_modules for this package-lock.json, installed by {@code npm ci} the first time. */
    private static Path installed(Path driver) throws Exception {
        byte[] lock = Files.readAllBytes(driver.resolve("package-lock.json"));
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "paas-it",
                "heroku-client-" + HexFormat.of().formatHex(sha256(lock)).substring(0, 16));
        Path modules = cache.resolve("node_modules");
        if (Files.isDirectory(modules.resolve("heroku-client"))) {
            return modules;
        }
        Files.createDirectories(cache.getParent());
        Path staging = Files.createTempDirectory(cache.getParent(), "installing-");
        Files.copy(driver.resolve("package.json"), staging.resolve("package.json"));
        Files.write(staging.resolve("package-lock.json"), lock);
        Path log = staging.resolve("npm.log");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(staging.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = npm.waitFor(5, TimeUnit.MINUTES);
        if (!done || npm.exitValue() != 0) {
            npm.destroyForcibly();
            String output = Files.readString(log);
            deleteTree(staging);
            throw new AssertionError("npm ci of heroku-client " + (done ? "failed" : "took over 5 minutes")
                    + " (the npm registry must be reachable):\n" + output);
        }
        try {
            Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(modules.resolve("heroku-client"))) {
                throw new UncheckedIOException(e);
            }
        }
        return modules;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
