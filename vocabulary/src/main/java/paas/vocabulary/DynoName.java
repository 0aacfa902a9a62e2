package paas.vocabulary;

import java.util.regex.Pattern;

/** A dyno's name, {@code TYPE.N} with N from 1: {@code web.1}, {@code run.4312}. */
public record DynoName(String value) {
    public static final String REGEX = "(" + ProcessType.REGEX + ")\\.([1-9][0-9]{0,8})";
    private static final Pattern RULE = Pattern.compile(REGEX);

    public DynoName {
        if (!isValid(value)) {
            throw new InvalidValueException("invalid dyno name " + Quote.of(value)
                    + ": dyno names are TYPE.N such as web.1 (N from 1)");
        }
    }

    public static DynoName of(String type, int index) {
        return new DynoName(type + "." + index);
    }

    public static boolean isValid(String value) {
        return value != null && RULE.matcher(value).matches();
    }

    public static String check(String value) {
        return new DynoName(value).value();
    }

    /** {@code web} for {@code web.2}. */
    public String type() {
        return value.substring(0, value.lastIndexOf('.'));
    }

    /** {@code 2} for {@code web.2}. */
    public int index() {
        return Integer.parseInt(value.substring(value.lastIndexOf('.') + 1));
    }

    @Override
    public String toString() {
        return value;
    }
}
