package paas.api.it;

import paas.api.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A data dir, a database and a user's home for one integration test; removed afterwards. */
final class PlatformFixture implements AutoCloseable {
    static final String ADMIN_TOKEN = "paas_it_admin_token_0123456789abcdef";

    private final TestDatabases databases = new TestDatabases();
    final Path dataDir;
    final Path home;
    final Path workDir;
    final Map<String, String> env = new HashMap<>();

    PlatformFixture(TestDatabases.Kind kind) throws Exception {
        dataDir = Files.createTempDirectory("paas-it-data-");
        home = Files.createTempDirectory("paas-it-home-");
        workDir = Files.createTempDirectory("paas-it-work-");
        env.put("PAAS_DATA_DIR", dataDir.toString());
        env.put("PAAS_ADMIN_TOKEN", ADMIN_TOKEN);
        if (kind == TestDatabases.Kind.POSTGRESQL) {
            env.put("DATABASE_URL", databases.newDatabaseUrl(kind));
        }
        env.put("PAAS_API_PORT", Integer.toString(PaasdProcess.freePort()));
        env.put("PAAS_ROUTER_PORT", Integer.toString(PaasdProcess.freePort()));
        env.put("PAAS_ISOLATION_ALLOW_HOST_PORTS", HostAddress.servicePorts());
        started = java.time.Instant.now();
    }

    private final java.time.Instant started;

    /** The label value paasd puts on this fixture's dyno containers (see Runtimes.platformName). */
    String platformLabel() {
        return "paasd-" + Integer.toHexString(dataDir.toAbsolutePath().normalize().toString().hashCode());
    }

    int routerPort() {
        return Integer.parseInt(env.get("PAAS_ROUTER_PORT"));
    }

    /**
     * Dynos keep running when paasd is killed (that is the point); a test's dynos and the release
     * images made during it go with the fixture. Only what carries this platform's label, or the
     * platform's image label and a creation time after the fixture started, is removed.
     */
    private void removeDockerLeftovers() {
        try {
            String containers = docker("ps", "-aq", "--filter", "label=paas.platform=" + platformLabel());
            if (!containers.isBlank()) {
                java.util.List<String> rm = new java.util.ArrayList<>(java.util.List.of("rm", "-f"));
                rm.addAll(java.util.List.of(containers.strip().split("\\s+")));
                docker(rm.toArray(String[]::new));
            }
            // Build caches of apps the test did not destroy (a killed paasd, say): named per platform.
            for (String volume : docker("volume", "ls", "-q", "--filter", "label=paas.builder=" + platformLabel())
                    .lines().filter(l -> !l.isBlank()).toList()) {
                docker("volume", "rm", "-f", volume);
            }
            // Add-ons' data volumes (the test's own add-ons carry this platform's label).
            for (String volume : docker("volume", "ls", "-q", "--filter", "label=paas.platform=" + platformLabel())
                    .lines().filter(l -> !l.isBlank()).toList()) {
                docker("volume", "rm", "-f", volume);
            }
            for (String id : docker("network", "ls", "-q", "--filter", "label=paas.managed=true").lines().toList()) {
                String[] info = docker("network", "inspect", id, "--format", "{{.Created.Unix}} {{len .Containers}}").strip().split(" ");
                if (!info[0].matches("\\d+")) {
                    continue; // removed meanwhile: the engine answered "Error: No such network"
                }
                java.time.Instant created = java.time.Instant.ofEpochSecond(Long.parseLong(info[0]));
                if (!created.isBefore(started.minusSeconds(1)) && info[info.length - 1].equals("0")) {
                    docker("network", "rm", id);
                }
            }
            for (String line : docker("images", "--filter", "label=paas.managed=true", "--format",
                    "{{.ID}} {{.CreatedAt}}").lines().toList()) {
                String[] parts = line.split(" ", 2);
                java.time.Instant created = java.time.OffsetDateTime.parse(parts[1].replaceAll(" [A-Z]+$", ""),
                        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z")).toInstant();
                if (!created.isBefore(started.minusSeconds(1))) {
                    docker("rmi", "-f", parts[0]);
                }
            }
        } catch (Exception e) {
            System.err.println("could not remove the test's docker leftovers: " + e);
        }
    }

    static String docker(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("docker"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** The names in a {@code paas apps --json} listing. */
    static java.util.List<String> appNames(com.fasterxml.jackson.databind.JsonNode apps) {
        java.util.List<String> names = new java.util.ArrayList<>();
        apps.forEach(app -> names.add(app.get("name").asText()));
        return names;
    }

    /** What a git command printed (stdout and stderr together) and its exit code. */
    record GitRun(int exitCode, String output) {
    }

    /** The real git binary in {@code dir}, as this fixture's user (its HOME, so its ~/.netrc). */
    GitRun git(java.nio.file.Path dir, String... args) throws Exception {
        return git(Map.of(), dir, args);
    }

    /** As {@link #git(Path, String...)}, with {@code env} added to its environment (e.g. GIT_SSL_CAINFO). */
    GitRun git(Map<String, String> env, java.nio.file.Path dir, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git", "-c", "user.name=T",
                "-c", "user.email=t@example.com", "-c", "credential.helper="));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(600, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("git " + String.join(" ", args) + " did not finish in 600 s");
        }
        return new GitRun(p.exitValue(), out);
    }

    PaasdProcess startPaasd() throws Exception {
        return PaasdProcess.start(env);
    }

    /** Starts paasd with {@code variable, value, ...} pairs added to this fixture's environment. */
    PaasdProcess startPaasdWith(String... variablesAndValues) throws Exception {
        for (int i = 0; i + 1 < variablesAndValues.length; i += 2) {
            env.put(variablesAndValues[i], variablesAndValues[i + 1]);
        }
        return startPaasd();
    }

    PaasCli cli(PaasdProcess paasd) {
        return new PaasCli(home, workDir, paasd.apiUrl());
    }

    @Override
    public void close() throws Exception {
        databases.close();
        removeDockerLeftovers();
        for (Path dir : new Path[]{dataDir, home, workDir}) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
