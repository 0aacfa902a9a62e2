package paas.api.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the metadata store lives, as JDBC needs it. Built from {@code DATABASE_URL}:
 * empty means the embedded H2 file in the data dir; {@code postgres://USER:PASS@HOST:PORT/DB}
 * (Heroku's form) selects PostgreSQL; a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL is
 * taken as is.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

    /**
     * H2 settings: commits reach the file before they are acknowledged (WRITE_DELAY=0, so a
     * killed paasd loses nothing it answered for), and writers wait for row locks rather than
     * fail at once under concurrent changes to one app.
     */
    private static final String H2_SETTINGS = ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";

    /**
     * The embedded store's file is opened through H2's {@code async:} file system
     * (AsynchronousFileChannel). With the default one, a thread interrupted while H2 reads or
     * writes for it (a log stream or run session cancelled when its client leaves) closes the
     * file for every connection: from then on commits still answer from memory but no longer
     * reach the file, and a killed paasd comes back with changes it had acknowledged lost.
     * {@code DatabaseDurabilityTest} shows both.
     */
    public static DatabaseUrl embedded(Path dataDir) {
        return new DatabaseUrl("jdbc:h2:async:" + dataDir.toAbsolutePath().resolve("paas") + H2_SETTINGS, "sa", "");
    }

    /**
     * @throws IllegalArgumentException with a message that says which forms are accepted
     */
    public static DatabaseUrl parse(String raw, Path dataDir) {
        if (raw == null || raw.isBlank()) {
            return embedded(dataDir);
        }
        if (raw.startsWith("jdbc:h2:") || raw.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(raw, null, null);
        }
        if (!raw.startsWith("postgres://") && !raw.startsWith("postgresql://")) {
            throw new IllegalArgumentException("use postgres://USER:PASSWORD@HOST:PORT/DATABASE, a jdbc:h2: or"
                    + " jdbc:postgresql: URL, or leave it unset for the embedded H2 database");
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (" + e.getReason()
                    + "); expected postgres://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (uri.getHost() == null || database.isEmpty()) {
            throw new IllegalArgumentException("a host and a database name are needed:"
                    + " postgres://USER:PASSWORD@HOST:PORT/DATABASE");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return new DatabaseUrl("jdbc:postgresql://" + uri.getHost() + ":" + port + "/" + database + query, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    public boolean isEmbedded() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    /** The URL without credentials, for logs. */
    public String redacted() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
