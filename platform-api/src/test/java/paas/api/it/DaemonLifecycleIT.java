package paas.api.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** paasd as a process: survives SIGKILL without losing what it acknowledged, stops cleanly, fails clearly. */
class DaemonLifecycleIT {

    static List<TestDatabases.Kind> kinds() {
        return TestDatabases.kinds().toList();
    }

    @Test
    void dataDirIsForPaasdsUserOnly() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            Path dataDir = fixture.dataDir.resolve("made-by-paasd");
            fixture.env.put("PAAS_DATA_DIR", dataDir.toString());
            PaasdProcess paasd = fixture.startPaasd();
            PaasCli paas = fixture.cli(paasd).withEnv("PAAS_API_TOKEN", PlatformFixture.ADMIN_TOKEN);
            assertThat(paas.run("apps:create", "private", "--no-remote").exitCode()).isZero();
            paasd.terminate();
            assertThat(openToOthers(dataDir)).as("files of the data dir that others may read").isEmpty();
            assertThat(Files.getPosixFilePermissions(dataDir.resolve("paas.mv.db")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));

            // A data dir and store opened up by hand are narrowed at the next start.
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(dataDir.resolve("paas.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));
            PaasdProcess again = fixture.startPaasd();
            again.terminate();
            assertThat(openToOthers(dataDir)).isEmpty();
            assertThat(again.output()).anyMatch(l -> l.contains("narrowed " + dataDir + " from mode rwxr-xr-x"));
        }
    }

    /** Paths under {@code dir} that grant anything to group or others. */
    private static List<String> openToOthers(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            return paths.filter(p -> !Files.isSymbolicLink(p)).filter(p -> {
                try {
                    return Files.getPosixFilePermissions(p).stream().anyMatch(m -> m.name().startsWith("GROUP")
                            || m.name().startsWith("OTHERS"));
                } catch (java.io.IOException e) {
                    return false;
                }
            }).map(p -> p + " " + permissions(p)).toList();
        }
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    @Test
    void sigtermStopsPaasdCleanly() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            PaasdProcess paasd = fixture.startPaasd();
            int code = paasd.terminate();
            assertThat(code).isIn(0, 143);
            assertThat(paasd.output()).anyMatch(l -> l.contains("stopped"));
            assertThat(String.join("\n", paasd.output())).doesNotContain("Exception");
            // bin/paasd's lib/ carries the router's native transports; on linux-x86_64 one must load.
            boolean nativeExpected = System.getProperty("os.name").equals("Linux")
                    && System.getProperty("os.arch").matches("amd64|x86_64");
            assertThat(paasd.output()).anyMatch(l -> l.matches(
                    nativeExpected ? ".*router=:\\d+\\((io_uring|epoll)\\).*" : ".*router=:\\d+\\(\\w+\\).*"));
            PaasdProcess again = fixture.startPaasd();
            assertThat(again.output()).noneMatch(l -> l.contains("API token, shown only"));
            again.terminate();
        }
    }

    @Test
    void firstStartPrintsAGeneratedAdminTokenOnceAndItWorks() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            fixture.env.remove("PAAS_ADMIN_TOKEN");
            PaasdProcess paasd = fixture.startPaasd();
            String line = paasd.output().stream().filter(l -> l.contains("shown only this once")).findFirst().orElseThrow();
            String token = line.replaceAll(".*shown only this once: (\\S+).*", "$1");
            PaasCli.Result apps = fixture.cli(paasd).withEnv("PAAS_API_TOKEN", token).run("apps", "--json");
            assertThat(apps.exitCode()).as(apps.toString()).isZero();
            paasd.terminate();
            PaasdProcess again = fixture.startPaasd();
            assertThat(again.output()).noneMatch(l -> l.contains("shown only this once"));
            assertThat(Files.readString(fixture.dataDir.resolve("paas.mv.db"), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("only the token's hash is stored").doesNotContain(token);
            again.terminate();
        }
    }

    /**
     * Config values and a drain's password are not in the store's file, neither as a kill -9 leaves
     * it nor after a clean stop; they are back after the restart; and a start with another key is
     * refused with the fix, not served with empty config.
     */
    @Test
    void secretsAreSealedAtRestAndAnotherKeyIsRefused() throws Exception {
        String password = "pw-" + java.util.UUID.randomUUID();
        String drainPassword = "drainpw" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            fixture.env.put("PAAS_RUNTIME", "local");
            fixture.env.put("PAAS_ALLOW_LOCAL_DRAINS", "true");
            Path store = fixture.dataDir.resolve("paas.mv.db");
            PaasdProcess paasd = fixture.startPaasd();
            PaasCli paas = fixture.cli(paasd).withEnv("PAAS_API_TOKEN", PlatformFixture.ADMIN_TOKEN);
            assertThat(paas.run("apps:create", "vault", "--no-remote").exitCode()).isZero();
            assertThat(paas.run("config:set", "PASSWORD=" + password, "-a", "vault").exitCode()).isZero();
            PaasCli.Result drain = paas.run("drains:add", "https://logs:" + drainPassword + "@127.0.0.1:9/x", "-a", "vault");
            assertThat(drain.exitCode()).as(drain.toString()).isZero();
            paasd.kill();
            assertThat(Files.readString(store, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("the store as kill -9 left it").doesNotContain(password).doesNotContain(drainPassword);

            PaasdProcess again = fixture.startPaasd();
            PaasCli.Result config = fixture.cli(again).withEnv("PAAS_API_TOKEN", PlatformFixture.ADMIN_TOKEN)
                    .run("config:get", "PASSWORD", "-a", "vault");
            assertThat(config.stdout().strip()).as(config.toString()).isEqualTo(password);
            again.terminate();
            assertThat(Files.readString(store, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("the store after a clean stop").doesNotContain(password).doesNotContain(drainPassword);
            assertThat(Files.getPosixFilePermissions(fixture.dataDir.resolve("secret.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));

            byte[] otherKey = new byte[32];
            new java.security.SecureRandom().nextBytes(otherKey);
            String refused = expectStartFailure(with(fixture.env, "PAAS_SECRET_KEY",
                    java.util.Base64.getEncoder().encodeToString(otherKey)), "set PAAS_SECRET_KEY to the key they were sealed with");
            assertThat(refused).contains("cannot start");
        }
    }

    @Test
    void unusableConfigurationStopsPaasdWithTheVariableNamed() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            Path file = Files.createFile(fixture.dataDir.resolve("not-a-dir"));
            expectStartFailure(with(fixture.env, "PAAS_DATA_DIR", file.toString()), "PAAS_DATA_DIR");
            expectStartFailure(with(fixture.env, "PAAS_API_PORT", "http"), "PAAS_API_PORT=http");
            expectStartFailure(with(fixture.env, "PAAS_DOMAIN", "Not A Domain"), "PAAS_DOMAIN");
            expectStartFailure(with(fixture.env, "DATABASE_URL", "mysql://u:hunter2@h/db"), "DATABASE_URL");
            String failure = expectStartFailure(with(fixture.env, "DATABASE_URL", "postgres://u:hunter2@127.0.0.1:1/db"),
                    "cannot open the database");
            assertThat(failure).doesNotContain("hunter2");
        }
    }

    @Test
    void corruptDatabaseFileGivesAClearError() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2)) {
            Files.write(fixture.dataDir.resolve("paas.mv.db"), "this is not an H2 database\n".repeat(200).getBytes());
            expectStartFailure(fixture.env, "cannot open the database");
        }
    }

    @Test
    void portInUseIsNamed() throws Exception {
        try (PlatformFixture fixture = new PlatformFixture(TestDatabases.Kind.H2);
             PaasdProcess first = fixture.startPaasd()) {
            Map<String, String> env = with(fixture.env, "PAAS_DATA_DIR", Files.createDirectories(fixture.workDir.resolve("second-data-dir")).toString());
            expectStartFailure(env, "PAAS_API_PORT");
            expectStartFailure(with(env, "PAAS_API_PORT", Integer.toString(PaasdProcess.freePort())), "PAAS_ROUTER_PORT");
        }
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> copy = new HashMap<>(env);
        copy.put(key, value);
        return copy;
    }

    private static String expectStartFailure(Map<String, String> env, String expected) throws Exception {
        PaasdProcess paasd = PaasdProcess.launch(env);
        int code = paasd.awaitExit(Duration.ofSeconds(60));
        String output = String.join("\n", paasd.output());
        assertThat(code).as(output).isNotZero();
        assertThat(output).contains(expected).doesNotContain("\tat ").doesNotContain("Exception:");
        return output;
    }
}
