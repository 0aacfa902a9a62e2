package paas.vocabulary;

import java.util.regex.Pattern;

/** A process type, as a Procfile declares it ({@code web}, {@code worker}). */
public record ProcessType(String value) {
    public static final String REGEX = "[a-zA-Z0-9_-]{1,63}";
    private static final Pattern RULE = Pattern.compile(REGEX);

    public ProcessType {
        if (!isValid(value)) {
            throw new InvalidValueException("invalid process type " + Quote.of(value)
                    + ": process types contain only letters, digits, '_' and '-', 1 to 63 characters"
                    + " (^" + REGEX + "$)");
        }
    }

    public static boolean isValid(String value) {
        return value != null && RULE.matcher(value).matches();
    }

    public static String check(String value) {
        return new ProcessType(value).value();
    }

    @Override
    public String toString() {
        return value;
    }
}
