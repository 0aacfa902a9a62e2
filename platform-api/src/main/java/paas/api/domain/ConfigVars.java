package paas.api.domain;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * An app's config vars as one immutable, validated map. Limits follow Heroku: each value
 * at most 32 KiB, keys plus values at most 64 KiB per app, no NUL anywhere.
 */
public record ConfigVars(Map<String, String> values) {
    public static final int MAX_VALUE_BYTES = 32 * 1024;
    public static final int MAX_TOTAL_BYTES = 64 * 1024;
    public static final ConfigVars EMPTY = new ConfigVars(Map.of());

    public ConfigVars {
        TreeMap<String, String> sorted = new TreeMap<>();
        long total = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            new ConfigKey(e.getKey());
            checkValue(e.getKey(), e.getValue());
            total += bytes(e.getKey()) + bytes(e.getValue());
            sorted.put(e.getKey(), e.getValue());
        }
        if (total > MAX_TOTAL_BYTES) {
            throw new PlatformException.InvalidParams("config vars would take " + total
                    + " bytes; an app's config vars (names plus values) may take at most "
                    + MAX_TOTAL_BYTES + " bytes: remove or shorten some");
        }
        values = java.util.Collections.unmodifiableSortedMap(sorted);
    }

    static void checkValue(String key, String value) {
        if (value == null) {
            throw new PlatformException.InvalidParams("config var " + key + " has no value");
        }
        if (value.indexOf('\0') >= 0) {
            throw new PlatformException.InvalidParams("config var " + key
                    + " contains a NUL character; values may be any UTF-8 text without NUL");
        }
        int size = bytes(value);
        if (size > MAX_VALUE_BYTES) {
            throw new PlatformException.InvalidParams("config var " + key + " is " + size
                    + " bytes; a value may be at most " + MAX_VALUE_BYTES + " bytes");
        }
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The vars after the patch; throws when the result breaks a limit. */
    public ConfigVars apply(ConfigPatch patch) {
        Map<String, String> next = new TreeMap<>(values);
        patch.unset().forEach(k -> next.remove(k.value()));
        patch.set().forEach((k, v) -> next.put(k.value(), v));
        return new ConfigVars(next);
    }
}
