package paas.vocabulary;

import java.util.regex.Pattern;

/** A config var's name: what a POSIX shell can export. */
public record ConfigKey(String value) {
    public static final String REGEX = "[A-Za-z_][A-Za-z0-9_]*";
    public static final int MAX_LENGTH = 255;
    private static final Pattern RULE = Pattern.compile(REGEX);

    public ConfigKey {
        if (!isValid(value)) {
            throw new InvalidValueException("invalid config var name " + Quote.of(value)
                    + ": names start with a letter or underscore and contain only letters, digits and"
                    + " underscores (^" + REGEX + "$), at most " + MAX_LENGTH + " characters");
        }
    }

    public static boolean isValid(String value) {
        return value != null && value.length() <= MAX_LENGTH && RULE.matcher(value).matches();
    }

    public static String check(String value) {
        return new ConfigKey(value).value();
    }

    @Override
    public String toString() {
        return value;
    }
}
