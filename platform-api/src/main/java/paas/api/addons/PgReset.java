package paas.api.addons;

import java.util.List;

/**
 * The psql run of pg:reset, as the superuser over the socket: schema {@code public} dropped with
 * everything in it and made again (owned by pg_database_owner, whom the add-on's user is as the
 * database's owner), in one transaction, giving up when a
 * session holds a lock on something in it for {@link #LOCK_TIMEOUT} (an app in the middle of a
 * transaction) rather than waiting behind it.
 */
final class PgReset {
    static final String LOCK_TIMEOUT = "10s";

    private PgReset() {
    }

    static List<String> command(String database) {
        return List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-d", database,
                "-c", "SET client_min_messages = warning",
                "-c", "SET lock_timeout = '" + LOCK_TIMEOUT + "'",
                "-c", "DROP SCHEMA public CASCADE",
                // Owned by pg_database_owner, as a new database's: the add-on's user (the database's
                // owner) may create in it, and a restore's DROP OWNED BY that user leaves it standing.
                "-c", "CREATE SCHEMA public AUTHORIZATION pg_database_owner");
    }

    /** Whether psql's errors say the lock timeout ran out (SQLSTATE 55P03, "canceling statement due to lock timeout"). */
    static boolean lockTimedOut(String psqlErrors) {
        return psqlErrors.contains("lock timeout");
    }
}
