package paas.api.addons;

import java.util.List;

/**
 * What pg:info shows of a PostgreSQL add-on's server, read with one query by {@code psql} inside
 * its container (as the superuser, over the socket, so it works while the app holds every
 * connection its plan allows). {@code connections} counts the database's other sessions (this
 * query's own is left out); {@code maxConnections} is what the app may open, the plan's limit
 * (the server keeps a few more for the superuser).
 */
public record PgStats(String version, int connections, int maxConnections, long dataSizeBytes, int tables) {
    static final String QUERY = "SELECT split_part(current_setting('server_version'), ' ', 1),"
            + " (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()),"
            + " current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int,"
            + " pg_database_size(current_database()),"
            + " (SELECT count(*) FROM pg_stat_user_tables)";

    public PgStats {
        if (version == null || version.isBlank() || connections < 0 || maxConnections < 0 || dataSizeBytes < 0
                || tables < 0) {
            throw new IllegalArgumentException("PostgreSQL statistics must be a version and numbers of at least 0");
        }
    }

    /**
     * psql, unaligned and without headers, one row with fields split by '|'; the query gives up
     * after 10 s, and psql altogether (connecting to a server that does not answer) after
     * {@link AddonTools#READ_TIMEOUT_SECONDS}.
     */
    static List<String> command(String database) {
        return List.of("timeout", AddonTools.READ_TIMEOUT_SECONDS, "psql", "-X", "-q", "-A", "-t", "-F", "|",
                "-v", "ON_ERROR_STOP=1", "-d", database, "-c", "SET statement_timeout = '10s'",
                // pg_catalog first: the tenant may set its database's search_path to shadow functions.
                "-c", "SET search_path = pg_catalog, pg_temp", "-c", QUERY);
    }

    /**
     * The one row {@link #command} prints, e.g. {@code 15.10|2|20|7708007|3}.
     *
     * @throws IllegalArgumentException naming what was printed when it is not that row
     */
    static PgStats parse(String output) {
        String row = output.strip();
        String[] fields = row.split("\\|", -1);
        if (fields.length != 5 || row.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("psql printed '" + abbreviate(row) + "', not one row of 5 fields");
        }
        try {
            return new PgStats(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2]),
                    Long.parseLong(fields[3]), Integer.parseInt(fields[4]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("psql printed '" + abbreviate(row) + "', whose counts are not numbers", e);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
