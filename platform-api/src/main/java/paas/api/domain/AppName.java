package paas.api.domain;

import java.util.regex.Pattern;

/** A valid app name; no invalid one exists past the API edge. */
public record AppName(String value) {
    private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9-]{1,29}");

    public AppName {
        if (value == null || !RULE.matcher(value).matches()) {
            throw new PlatformException.InvalidParams("invalid app name " + Quote.of(value)
                    + ": names start with a lowercase letter and contain only lowercase letters,"
                    + " digits and dashes, 2 to 30 characters in all (^[a-z][a-z0-9-]{1,29}$)");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
