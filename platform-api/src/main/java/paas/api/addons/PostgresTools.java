package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.PlatformException;
import paas.api.store.Database;
import paas.process.RuntimeUnavailableException;
import paas.process.addons.AddonRuntime;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * PostgreSQL's own tools run inside an add-on's container through the runtime's exec (as the
 * service's OS user, whom the image trusts on the local socket): {@code pg_dump}, the restore, and a
 * count of connections. Each answers empty on success, else what went wrong with the tool's last
 * words. Blocking (call from a platform thread); thread-safe.
 */
final class PostgresTools {
    /** How much of a failed tool's stderr goes into the error. */
    private static final int ERROR_TAIL = 1500;
    /**
     * Restores all or nothing, into objects the add-on's user owns: in one transaction, connected
     * as that user (never as the superuser: the dump's functions run during the restore),
     * everything it owns is dropped (also what was made after the backup), then the dump's SQL
     * runs; COMMIT only follows a dump read to its end, so a bad or cut dump leaves the database
     * as it was. A session that holds a lock for 10 s fails the restore rather than stalling the
     * app behind it. Schema public is made again when a reset by an older paasd left it owned by
     * the user (the dump never creates it). $0 the add-on's user, $1 its database; the dump on stdin.
     */
    static final String RESTORE_SCRIPT = "set -o pipefail; { printf 'BEGIN;\\nSET lock_timeout = %s;\\nDROP OWNED BY \"%s\";\\n"
            + "CREATE SCHEMA IF NOT EXISTS public;\\n' \"'10s'\" \"$0\"; pg_restore --no-owner --no-acl -f - && printf 'COMMIT;\\n'; }"
            + " | psql -X -q -o /dev/null -v ON_ERROR_STOP=1 -U \"$0\" -d \"$1\"";
    /** Resolved in pg_catalog first: the tenant may set its database's search_path to shadow operators. */
    private static final String SAFE_SEARCH_PATH = "SET search_path = pg_catalog, pg_temp";
    private static final String OTHER_CONNECTIONS = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()";

    private final AddonRuntime runtime;

    PostgresTools(AddonRuntime runtime) {
        this.runtime = runtime;
    }

    /** {@code pg_dump -Fc} of the add-on's database into {@code out}. */
    Optional<String> dump(Addon addon, OutputStream out) throws InterruptedException {
        ByteArrayOutputStream stderr = new TailBuffer();
        int exit = runtime.exec(addon.id().toString(), List.of("pg_dump", "-Fc", "-d", PostgresProvider.database(addon)),
                null, out, stderr);
        return exit == 0 ? Optional.empty() : Optional.of("pg_dump ended with exit code " + exit + ": " + text(stderr));
    }

    /** Replaces the add-on's database with the dump read from {@code in} ({@link #RESTORE_SCRIPT}). */
    Optional<String> restore(Addon addon, InputStream in) throws InterruptedException {
        ByteArrayOutputStream stderr = new TailBuffer();
        int exit = runtime.exec(addon.id().toString(), List.of("bash", "-c", RESTORE_SCRIPT, PostgresProvider.user(addon),
                PostgresProvider.database(addon)), in, OutputStream.nullOutputStream(), stderr);
        return exit == 0 ? Optional.empty() : Optional.of("the restore ended with exit code " + exit
                + ", nothing was changed: " + text(stderr));
    }

    /** How many connections to the add-on's database other than this count's own. */
    int otherConnections(Addon addon) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new TailBuffer();
        try {
            int exit = runtime.exec(addon.id().toString(), List.of("psql", "-X", "-q", "-At", "-d",
                    PostgresProvider.database(addon), "-c", SAFE_SEARCH_PATH, "-c", OTHER_CONNECTIONS), null, out, err);
            if (exit != 0) {
                throw new PlatformException.Unavailable("counting the connections to " + addon.name() + " failed (exit "
                        + exit + "): " + text(err));
            }
            return Integer.parseInt(out.toString(StandardCharsets.UTF_8).strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException.Unavailable("interrupted while counting the connections to " + addon.name());
        } catch (RuntimeUnavailableException e) {
            throw new PlatformException.Unavailable("the Docker engine add-ons run on does not answer ("
                    + Database.rootMessage(e) + "): start it with deploy/docker/ensure-engine.sh and try again");
        } catch (NumberFormatException e) {
            throw new PlatformException.Unavailable("psql in " + addon.name() + " answered no connection count");
        }
    }

    private static String text(ByteArrayOutputStream stderr) {
        String s = stderr.toString(StandardCharsets.UTF_8).strip().replaceAll("\\s*\\n\\s*", "; ");
        return s.isEmpty() ? "(no output)" : s;
    }

    /** Keeps the last {@link #ERROR_TAIL} bytes written: a tool's last words, not its whole output. */
    private static final class TailBuffer extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            if (count > 2 * ERROR_TAIL) {
                System.arraycopy(buf, count - ERROR_TAIL, buf, 0, ERROR_TAIL);
                count = ERROR_TAIL;
            }
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }
    }
}
