package paas.api.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The metadata store's connection pool with its schema migrated, and the box that seals its
 * secrets ({@link SecretColumn}). Thread-safe; every unit of work runs in its own transaction
 * through {@link #inTransaction}.
 */
public final class Database implements AutoCloseable {

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger log = LoggerFactory.getLogger("paasd");

    private final HikariDataSource dataSource;
    private final String schemaVersion;
    private final SecretBox secrets;

    private Database(HikariDataSource dataSource, String schemaVersion, SecretBox secrets) {
        this.dataSource = dataSource;
        this.schemaVersion = schemaVersion;
        this.secrets = secrets;
    }

    /** What seals and opens the store's secrets; the stores that hold some are made with it. */
    public SecretBox secrets() {
        return secrets;
    }

    /** The schema version after migration, for the start-up log. */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * Opens the pool, applies pending migrations, checks that {@code secrets} opens every value the
     * store holds, and seals the values still in plaintext from before they were sealed. An
     * embedded H2 file is first brought back to its newest complete commit
     * ({@link EmbeddedStoreRecovery}).
     *
     * @throws StoreUnavailableException when the database cannot be reached, opened or migrated
     * @throws UnknownKeyException when the store holds values sealed with a key {@code secrets} lacks
     */
    public static Database open(DatabaseUrl url, SecretBox secrets) {
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
        Database db;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot open the database at " + url.redacted() + ": "
                    + rootMessage(e), e);
        }
        try {
            MigrateResult result = Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration").failOnMissingLocations(true).load().migrate();
            db = new Database(dataSource, result.targetSchemaVersion == null
                    ? result.initialSchemaVersion : result.targetSchemaVersion, secrets);
        } catch (RuntimeException e) {
            closeFilled(dataSource);
            throw new StoreUnavailableException("cannot migrate the database at " + url.redacted() + ": "
                    + rootMessage(e), e);
        }
        try {
            db.inTransaction(c -> {
                SealingKeys.requireOpenable(c, secrets);
                // Recorded and committed before it seals anything: see SealingKeys.
                SealingKeys.record(c, secrets.sealingKey());
                return null;
            });
            int sealed = new SecretSweep(db).sealPlaintext();
            if (sealed > 0) {
                log.info("sealed {} config value(s) and drain URL(s) stored in plaintext by an earlier version,"
                        + " with platform key {}", sealed, secrets.sealingKey().id());
            }
            return db;
        } catch (RuntimeException e) {
            closeFilled(dataSource);
            throw e;
        }
    }

    /**
     * Closes a pool given up right after it opened. Hikari fills a new pool in the background, and
     * a connection it finishes opening after the pool closed is dropped without being closed: an
     * embedded H2 file would stay open, and locked, for as long as this JVM runs. So this waits
     * (a few milliseconds; at most the connection timeout) until the fill is done.
     */
    private static void closeFilled(HikariDataSource dataSource) {
        long deadline = System.nanoTime() + dataSource.getConnectionTimeout() * 1_000_000L;
        var pool = dataSource.getHikariPoolMXBean();
        while (pool.getTotalConnections() < dataSource.getMaximumPoolSize() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        dataSource.close();
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
