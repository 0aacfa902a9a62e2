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
    }

    /** The names in a {@code paas apps --json} listing. */
    static java.util.List<String> appNames(com.fasterxml.jackson.databind.JsonNode apps) {
        java.util.List<String> names = new java.util.ArrayList<>();
        apps.forEach(app -> names.add(app.get("name").asText()));
        return names;
    }

    PaasdProcess startPaasd() throws Exception {
        return PaasdProcess.start(env);
    }

    PaasCli cli(PaasdProcess paasd) {
        return new PaasCli(home, workDir, paasd.apiUrl());
    }

    @Override
    public void close() throws Exception {
        databases.close();
        for (Path dir : new Path[]{dataDir, home, workDir}) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
