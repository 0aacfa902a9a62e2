package paas.vocabulary;

import java.util.regex.Pattern;

/** What names a slug or an app's image: a sha256 digest in lowercase hex. */
public record SlugId(String value) {
    public static final String REGEX = "[0-9a-f]{64}";
    private static final Pattern RULE = Pattern.compile(REGEX);

    public SlugId {
        if (!isValid(value)) {
            throw new InvalidValueException("invalid slug id " + Quote.of(value)
                    + ": slug ids are sha256 digests, 64 characters of 0-9 and a-f");
        }
    }

    public static boolean isValid(String value) {
        return value != null && RULE.matcher(value).matches();
    }

    public static String check(String value) {
        return new SlugId(value).value();
    }

    @Override
    public String toString() {
        return value;
    }
}
