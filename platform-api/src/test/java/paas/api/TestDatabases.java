package paas.api;

import org.junit.jupiter.api.Assumptions;
import paas.api.store.DatabaseUrl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Fresh, empty databases for tests: an H2 file in a temp dir, and a new database on the
 * PostgreSQL server that bin/test starts ({@code PAAS_TEST_DATABASE_URL}). Without that
 * variable the PostgreSQL cases are skipped, except under CI, where they must run.
 */
public final class TestDatabases implements AutoCloseable {
    public static final String POSTGRES_ENV = "PAAS_TEST_DATABASE_URL";

    public enum Kind { H2, POSTGRESQL }

    private final List<Runnable> cleanups = new ArrayList<>();

    public static Stream<Kind> kinds() {
        return Stream.of(Kind.H2, Kind.POSTGRESQL);
    }

    /** A new empty database of this kind, as a DATABASE_URL value paasd accepts. */
    public String newDatabaseUrl(Kind kind) throws Exception {
        return switch (kind) {
            case H2 -> {
                Path dir = Files.createTempDirectory("paas-h2-");
                cleanups.add(() -> deleteTree(dir));
                yield DatabaseUrl.embedded(dir).jdbcUrl();
            }
            case POSTGRESQL -> newPostgresDatabase();
        };
    }

    public DatabaseUrl newDatabase(Kind kind) throws Exception {
        String url = newDatabaseUrl(kind);
        return DatabaseUrl.parse(url, Path.of("."));
    }

    private String newPostgresDatabase() throws SQLException {
        String server = System.getenv(POSTGRES_ENV);
        if (server == null || server.isBlank()) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(POSTGRES_ENV + " is not set under CI: run the tests with bin/test,"
                        + " which starts PostgreSQL");
            }
            Assumptions.abort(POSTGRES_ENV + " not set: run bin/test to include the PostgreSQL cases");
        }
        DatabaseUrl admin = DatabaseUrl.parse(server, Path.of("."));
        String name = "paas_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        cleanups.add(() -> {
            try (Connection c = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                 Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot drop test database " + name, e);
            }
        });
        return server.replaceFirst("/[^/?]*(\\?.*)?$", "/" + name + "$1");
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        cleanups.reversed().forEach(Runnable::run);
    }
}
