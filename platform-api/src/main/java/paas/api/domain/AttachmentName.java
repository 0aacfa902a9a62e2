package paas.api.domain;

import java.util.regex.Pattern;

/**
 * The name an add-on is attached to an app under ({@code DATABASE}, {@code HEROKU_POSTGRESQL_RED},
 * {@code REDIS}); the app's config var is this name with {@code _URL} ({@link #configKey()}).
 * Upper-case letters, digits and underscores, starting with a letter, as Heroku has them.
 */
public record AttachmentName(String value) {
    private static final int MAX = 40;
    private static final Pattern RULE = Pattern.compile("[A-Z][A-Z0-9_]*");

    public AttachmentName {
        if (value == null || value.length() > MAX || !RULE.matcher(value).matches()) {
            throw new PlatformException.InvalidParams("invalid attachment name '" + value + "': upper-case letters,"
                    + " digits and underscores, starting with a letter, at most " + MAX + " characters (e.g. DATABASE)");
        }
        if (value.endsWith("_URL")) {
            throw new PlatformException.InvalidParams("invalid attachment name '" + value + "': leave out the _URL,"
                    + " the config var gets it (" + value.substring(0, value.length() - 4) + " sets " + value + ")");
        }
    }

    /** The config var that holds the add-on's URL in the app: {@code DATABASE_URL}. */
    public ConfigKey configKey() {
        return new ConfigKey(value + "_URL");
    }

    @Override
    public String toString() {
        return value;
    }
}
