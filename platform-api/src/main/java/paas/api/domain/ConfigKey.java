package paas.api.domain;

import java.util.regex.Pattern;

/** A valid config var name: what a POSIX shell can export. */
public record ConfigKey(String value) {
    private static final Pattern RULE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final int MAX_LENGTH = 255;

    public ConfigKey {
        if (value == null || value.length() > MAX_LENGTH || !RULE.matcher(value).matches()) {
            throw new PlatformException.InvalidParams("invalid config var name " + Quote.of(value)
                    + ": names start with a letter or underscore and contain only letters, digits and"
                    + " underscores (^[A-Za-z_][A-Za-z0-9_]*$), at most " + MAX_LENGTH + " characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
