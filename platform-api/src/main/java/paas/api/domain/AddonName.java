package paas.api.domain;

import java.util.List;
import java.util.regex.Pattern;
import java.util.random.RandomGenerator;

/**
 * An add-on's name, unique on the platform ({@code postgresql-curved-12345}): its container,
 * volume and network are named after it, and its apps' dynos reach it under it as host name. So it
 * is a DNS label: lower-case letters, digits and dashes, starting with a letter, not ending with a
 * dash, at most 40 characters; and never a UUID, which would read as an add-on's id.
 */
public record AddonName(String value) {
    private static final int MAX = 40;
    private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9-]*[a-z0-9]");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final List<String> WORDS = List.of("amber", "angular", "animated", "asymmetrical", "closed",
            "concave", "convex", "cubic", "curly", "curved", "deep", "elliptical", "flat", "fluffy", "horizontal",
            "infinite", "lined", "metric", "octagonal", "opaque", "parallel", "rigid", "round", "shallow", "silky",
            "slippery", "smooth", "solid", "spherical", "square", "symmetrical", "tapered", "transparent",
            "triangular", "vertical", "wavy");

    public AddonName {
        if (value == null || value.length() < 3 || value.length() > MAX || !RULE.matcher(value).matches()
                || UUID.matcher(value).matches()) {
            throw new PlatformException.InvalidParams("invalid add-on name '" + value + "': lower-case letters, digits"
                    + " and dashes, starting with a letter and not ending with a dash, 3 to " + MAX + " characters"
                    + " (e.g. orders-db)");
        }
    }

    /** A generated name for an add-on of {@code kind}: {@code postgresql-curved-12345}. */
    public static AddonName generate(AddonKind kind, RandomGenerator random) {
        return new AddonName(kind.value() + "-" + WORDS.get(random.nextInt(WORDS.size())) + "-"
                + (10000 + random.nextInt(90000)));
    }

    @Override
    public String toString() {
        return value;
    }
}
