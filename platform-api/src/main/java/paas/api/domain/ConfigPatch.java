package paas.api.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A validated change to config vars: keys to set and keys to remove. */
public record ConfigPatch(Map<ConfigKey, String> set, Set<ConfigKey> unset) {

    public ConfigPatch {
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
        unset = Collections.unmodifiableSet(new LinkedHashSet<>(unset));
        set.forEach((k, v) -> ConfigVars.checkEntry(k.value(), v));
    }

    /** From the API's shape: a map whose null values mean "remove this key". */
    public static ConfigPatch of(Map<String, String> changes) {
        Map<ConfigKey, String> set = new LinkedHashMap<>();
        Set<ConfigKey> unset = new LinkedHashSet<>();
        changes.forEach((k, v) -> {
            ConfigKey key = new ConfigKey(k);
            if (v == null) {
                unset.add(key);
            } else {
                set.put(key, v);
            }
        });
        return new ConfigPatch(set, unset);
    }

    /**
     * The release description for the part of this patch that changed {@code before},
     * as Heroku words it: "Set A, B config vars", "Remove C config vars", or both joined.
     * Empty when nothing changes.
     */
    public String describe(ConfigVars before) {
        List<String> setNames = new ArrayList<>();
        set.forEach((k, v) -> {
            if (!v.equals(before.values().get(k.value()))) {
                setNames.add(k.value());
            }
        });
        List<String> removed = unset.stream().map(ConfigKey::value)
                .filter(before.values()::containsKey).toList();
        if (setNames.isEmpty() && removed.isEmpty()) {
            return "";
        }
        if (removed.isEmpty()) {
            return "Set " + String.join(", ", setNames) + " config vars";
        }
        if (setNames.isEmpty()) {
            return "Remove " + String.join(", ", removed) + " config vars";
        }
        return "Set " + String.join(", ", setNames) + " and remove " + String.join(", ", removed)
                + " config vars";
    }
}
