package paas.api.addons;

import java.util.List;

/**
 * The psql run of pg:reset, as the superuser over the socket: schema {@code public} dropped with
 * everything in it and made again for the add-on's user, in one transaction, giving up when a
 * session holds a lock on something in it for {@link #LOCK_TIMEOUT} (an app in the middle of a
 * transaction) rather than waiting behind it.
 */
final class PgReset {
    static final String LOCK_TIMEOUT = "10s";

    private PgReset() {
    }

    static List<String> command(String database, String owner) {
        return List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-d", database,
                "-c", "SET client_min_messages = warning",
                "-c", "SET lock_timeout = '" + LOCK_TIMEOUT + "'",
                "-c", "DROP SCHEMA public CASCADE",
                "-c", "CREATE SCHEMA public AUTHORIZATION \"" + owner + "\"");
    }

    /** Whether psql's errors say the lock timeout ran out (SQLSTATE 55P03, "canceling statement due to lock timeout"). */
    static boolean lockTimedOut(String psqlErrors) {
        return psqlErrors.contains("lock timeout");
    }
}
