package paas.vocabulary;

import java.util.Optional;
import java.util.regex.Pattern;

/** A release's version: v1 is an app's first release, each change makes the next. Shown as {@code v12}. */
public record ReleaseVersion(int value) {
    /** What a user may type for a version: {@code v12}, {@code V12} or {@code 12}. */
    private static final Pattern TYPED = Pattern.compile("[vV]?([1-9][0-9]{0,8})");

    public ReleaseVersion {
        if (value < 1) {
            throw new InvalidValueException("invalid release version " + value + ": versions start at v1");
        }
    }

    /** The version {@code typed} names ({@code v12}, {@code V12} or {@code 12}), if it names one. */
    public static Optional<ReleaseVersion> parse(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        var m = TYPED.matcher(typed);
        return m.matches() ? Optional.of(new ReleaseVersion(Integer.parseInt(m.group(1)))) : Optional.empty();
    }

    @Override
    public String toString() {
        return "v" + value;
    }
}
