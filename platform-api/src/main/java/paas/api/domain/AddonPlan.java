package paas.api.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An add-on plan: how much memory and how many connections its service gets ({@link AddonKind#limits}). */
public enum AddonPlan {
    SMALL, STANDARD;

    public static final AddonPlan DEFAULT = SMALL;

    /** As the API and the store spell it: {@code small}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws PlatformException.InvalidParams naming the plans there are */
    public static AddonPlan of(String value) {
        return Arrays.stream(values()).filter(p -> p.value().equals(value)).findFirst()
                .orElseThrow(() -> new PlatformException.InvalidParams("unknown add-on plan '" + value
                        + "'; the plans are " + names()));
    }

    static String names() {
        return Arrays.stream(values()).map(AddonPlan::value).collect(Collectors.joining(", "));
    }
}
