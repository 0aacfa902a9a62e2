package paas.api.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The metadata store's connection pool with its schema migrated. Thread-safe; every unit
 * of work runs in its own transaction through {@link #inTransaction}.
 */
public final class Database implements AutoCloseable {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final String schemaVersion;

    private Database(HikariDataSource dataSource, String schemaVersion) {
        this.dataSource = dataSource;
        this.schemaVersion = schemaVersion;
    }

    /** The schema version after migration, for the start-up log. */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * Opens the pool and applies pending migrations. An embedded H2 file is first brought back to
     * its newest complete commit ({@link EmbeddedStoreRecovery}).
     *
     * @throws StoreUnavailableException when the database cannot be reached, opened or migrated
     */
    public static Database open(DatabaseUrl url) {
        EmbeddedStoreRecovery.fileOf(url.jdbcUrl()).ifPresent(EmbeddedStoreRecovery::recover);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        if (url.user() != null) {
            config.setUsername(url.user());
        }
        if (url.password() != null) {
            config.setPassword(url.password());
        }
        config.setPoolName("paas-store");
        config.setMaximumPoolSize(10);
        config.setAutoCommit(false);
        config.setInitializationFailTimeout(10_000);
        config.setConnectionTimeout(10_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot open the database at " + url.redacted() + ": "
                    + rootMessage(e), e);
        }
        try {
            MigrateResult result = Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration").failOnMissingLocations(true).load().migrate();
            return new Database(dataSource, result.targetSchemaVersion == null
                    ? result.initialSchemaVersion : result.targetSchemaVersion);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreUnavailableException("cannot migrate the database at " + url.redacted() + ": "
                    + rootMessage(e), e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     * {@link SQLException}s come out as {@link StoreException}; anything else unchanged.
     */
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** The innermost cause's message (its first line), or its class name when it has none. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
