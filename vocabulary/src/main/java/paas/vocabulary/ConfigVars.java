package paas.vocabulary;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An app's config vars: valid names ({@link ConfigKey}) and values, sorted by name. The limits
 * follow Heroku: each value at most 32 KiB, names plus values at most 64 KiB per app, no NUL
 * anywhere (a process environment cannot hold one).
 */
public record ConfigVars(Map<String, String> values) {
    public static final int MAX_VALUE_BYTES = 32 * 1024;
    public static final int MAX_TOTAL_BYTES = 64 * 1024;
    public static final ConfigVars EMPTY = new ConfigVars(Map.of());

    public ConfigVars {
        TreeMap<String, String> sorted = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            checkEntry(e.getKey(), e.getValue());
            total += bytes(e.getKey()) + bytes(e.getValue());
            sorted.put(e.getKey(), e.getValue());
        }
        if (total > MAX_TOTAL_BYTES) {
            throw new InvalidValueException("config vars would take " + total
                    + " bytes; an app's config vars (names plus values) may take at most "
                    + MAX_TOTAL_BYTES + " bytes: remove or shorten some");
        }
        values = Collections.unmodifiableSortedMap(sorted);
    }

    /** Checks one variable by itself: a valid name, and a value within the limits. */
    public static void checkEntry(String key, String value) {
        ConfigKey.check(key);
        if (value == null) {
            throw new InvalidValueException("config var " + key + " has no value");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidValueException("config var " + key
                    + " contains a NUL character; values may be any UTF-8 text without NUL");
        }
        int size = bytes(value);
        if (size > MAX_VALUE_BYTES) {
            throw new InvalidValueException("config var " + key + " is " + size
                    + " bytes; a value may be at most " + MAX_VALUE_BYTES + " bytes");
        }
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
