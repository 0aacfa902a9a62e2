package paas.api.domain;

import java.util.regex.Pattern;

/** A valid process type name, as a Procfile declares it ({@code web}, {@code worker}). */
public record ProcessType(String value) {
    private static final Pattern RULE = Pattern.compile("[a-zA-Z0-9_-]{1,63}");

    public ProcessType {
        if (value == null || !RULE.matcher(value).matches()) {
            throw new PlatformException.InvalidParams("invalid process type " + Quote.of(value)
                    + ": process types contain only letters, digits, '_' and '-', 1 to 63 characters"
                    + " (^[a-zA-Z0-9_-]{1,63}$)");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
