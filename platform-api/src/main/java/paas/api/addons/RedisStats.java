package paas.api.addons;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What redis:info shows of a Redis add-on, from the server's {@code INFO}: read by
 * {@code redis-cli} inside its container, which takes the password from the container's own
 * environment, so it is on no command line. {@code maxMemoryBytes} 0 means Redis has no limit of
 * its own (only the container's).
 */
public record RedisStats(String version, long usedMemoryBytes, long maxMemoryBytes, String maxMemoryPolicy,
                         int clients, int maxClients, boolean appendOnly, long keys) {
    private static final Pattern KEYS = Pattern.compile("(?:^|,)keys=(\\d+)(?:,|$)");

    public RedisStats {
        if (version == null || version.isBlank() || usedMemoryBytes < 0 || maxMemoryBytes < 0 || clients < 0
                || maxClients < 0 || keys < 0) {
            throw new IllegalArgumentException("Redis statistics must be a version and numbers of at least 0");
        }
        maxMemoryPolicy = maxMemoryPolicy == null ? "" : maxMemoryPolicy;
    }

    /**
     * {@code redis-cli} with the password of the container's environment ({@code REDISCLI_AUTH}
     * read from {@code PAAS_ADDON_PASSWORD}, which the image's entrypoint gets), then {@code args}.
     */
    static List<String> redisCli(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "REDISCLI_AUTH=\"$PAAS_ADDON_PASSWORD\" exec redis-cli \"$@\"", "redis-cli"));
        command.addAll(List.of(args));
        return List.copyOf(command);
    }

    /** {@code redis-cli INFO}, given up after {@link AddonTools#READ_TIMEOUT_SECONDS}. */
    static List<String> command() {
        List<String> command = new java.util.ArrayList<>(List.of("timeout", AddonTools.READ_TIMEOUT_SECONDS));
        command.addAll(redisCli("INFO"));
        return List.copyOf(command);
    }

    /**
     * {@code INFO}'s {@code field:value} lines ({@code # Section} headers, blank lines and CRs
     * skipped); the keys are summed over every {@code dbN:keys=...} line.
     *
     * @throws IllegalArgumentException when a field shown is missing or not a number
     */
    static RedisStats parse(String output) {
        Map<String, String> fields = new HashMap<>();
        long keys = 0;
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.startsWith("#") || colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1);
            fields.put(name, value);
            if (name.matches("db[0-9]+")) {
                Matcher m = KEYS.matcher(value);
                if (m.find()) {
                    keys += Long.parseLong(m.group(1));
                }
            }
        }
        String version = fields.get("redis_version");
        if (version == null) {
            throw new IllegalArgumentException("redis-cli INFO printed no redis_version: '"
                    + PgStats.abbreviate(output.strip()) + "'");
        }
        return new RedisStats(version, number(fields, "used_memory"), number(fields, "maxmemory"),
                fields.get("maxmemory_policy"), (int) number(fields, "connected_clients"),
                (int) number(fields, "maxclients"), "1".equals(fields.get("aof_enabled")), keys);
    }

    private static long number(Map<String, String> fields, String name) {
        String value = fields.get(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("redis-cli INFO printed " + name + "='" + value + "', not a number", e);
        }
    }
}
