package paas.vocabulary;

import java.util.regex.Pattern;

/** An app's name: it names the app's subdomain, git remote, containers and log lines. */
public record AppName(String value) {
    /** The rule, for messages and CLI help. */
    public static final String REGEX = "[a-z][a-z0-9-]{1,29}";
    private static final Pattern RULE = Pattern.compile(REGEX);

    public AppName {
        if (!isValid(value)) {
            throw new InvalidValueException("invalid app name " + Quote.of(value)
                    + ": names start with a lowercase letter and contain only lowercase letters,"
                    + " digits and dashes, 2 to 30 characters in all (^" + REGEX + "$)");
        }
    }

    /** {@link #REGEX}, by hand: the log router checks it for every line it is given. */
    public static boolean isValid(String value) {
        if (value == null || value.length() < 2 || value.length() > 30 || !lower(value.charAt(0))) {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!lower(c) && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** The compiled rule, for callers that match it inside a longer pattern. */
    public static Pattern pattern() {
        return RULE;
    }

    /** The value when it is a valid app name; else the exception that says why. */
    public static String check(String value) {
        return new AppName(value).value();
    }

    @Override
    public String toString() {
        return value;
    }
}
