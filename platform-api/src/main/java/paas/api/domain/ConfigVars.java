package paas.api.domain;

import paas.vocabulary.InvalidValueException;

import java.util.Map;
import java.util.TreeMap;

/**
 * An app's config vars as one immutable, validated map, sorted by name. The rules and limits are
 * the vocabulary's ({@link paas.vocabulary.ConfigVars}); breaking one is a 422 here.
 */
public record ConfigVars(Map<String, String> values) {
    public static final ConfigVars EMPTY = new ConfigVars(Map.of());

    public ConfigVars {
        try {
            values = new paas.vocabulary.ConfigVars(values).values();
        } catch (InvalidValueException e) {
            throw new PlatformException.InvalidParams(e.getMessage());
        }
    }

    /** Checks one variable by itself; a 422 naming the rule it breaks. */
    static void checkEntry(String key, String value) {
        try {
            paas.vocabulary.ConfigVars.checkEntry(key, value);
        } catch (InvalidValueException e) {
            throw new PlatformException.InvalidParams(e.getMessage());
        }
    }
    /** The vars after the patch; throws when the result breaks a limit. */
    public ConfigVars apply(ConfigPatch patch) {
        Map<String, String> next = new TreeMap<>(values);
        patch.unset().forEach(k -> next.remove(k.value()));
        patch.set().forEach((k, v) -> next.put(k.value(), v));
        return new ConfigVars(next);
    }
}
