package paas.api.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The kinds of add-on the platform runs, with the names a request may use for each, the service
 * name the API shows (Heroku's), the attachment names it gets, and each plan's limits.
 */
public enum AddonKind {
    POSTGRESQL("postgresql", List.of("postgresql", "heroku-postgresql", "postgres"), "heroku-postgresql",
            "DATABASE", "HEROKU_POSTGRESQL", Map.of(AddonPlan.SMALL, AddonLimits.mebibytes(256, 20),
                    AddonPlan.STANDARD, AddonLimits.mebibytes(1024, 120))),
    REDIS("redis", List.of("redis", "heroku-redis"), "heroku-redis", "REDIS", "HEROKU_REDIS",
            Map.of(AddonPlan.SMALL, AddonLimits.mebibytes(64, 50), AddonPlan.STANDARD, AddonLimits.mebibytes(256, 500)));

    private final String value;
    private final List<String> accepted;
    private final String serviceName;
    private final String primaryAttachment;
    private final String colorPrefix;
    private final Map<AddonPlan, AddonLimits> limits;

    AddonKind(String value, List<String> accepted, String serviceName, String primaryAttachment, String colorPrefix,
              Map<AddonPlan, AddonLimits> limits) {
        this.value = value;
        this.accepted = accepted;
        this.serviceName = serviceName;
        this.primaryAttachment = primaryAttachment;
        this.colorPrefix = colorPrefix;
        this.limits = limits;
    }

    /** As the store, labels and add-on names spell it: {@code postgresql}. */
    public String value() {
        return value;
    }

    /** Heroku's add-on service name: {@code heroku-postgresql}. */
    public String serviceName() {
        return serviceName;
    }

    /** The attachment name an app's first add-on of this kind gets: {@code DATABASE}, {@code REDIS}. */
    public AttachmentName primaryAttachment() {
        return new AttachmentName(primaryAttachment);
    }

    /** The color name of this kind: {@code HEROKU_POSTGRESQL_RED}. */
    public AttachmentName colored(String color) {
        return new AttachmentName(colorPrefix + "_" + color);
    }

    /** Whether {@code name} is one of this kind's color names ({@code HEROKU_POSTGRESQL_RED}). */
    public boolean isColored(AttachmentName name) {
        return name.value().startsWith(colorPrefix + "_")
                && AttachmentColors.isColor(name.value().substring(colorPrefix.length() + 1));
    }

    public AddonLimits limits(AddonPlan plan) {
        return limits.get(plan);
    }

    /** The kind as the store keeps it. */
    public static AddonKind fromValue(String value) {
        return Arrays.stream(values()).filter(k -> k.value.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown add-on kind in the store: " + value));
    }

    /** The kind a request names, by any of its accepted names; else empty. */
    static java.util.Optional<AddonKind> named(String name) {
        return Arrays.stream(values()).filter(k -> k.accepted.contains(name)).findFirst();
    }

    /** The names a request may use, for error messages: {@code postgresql (or heroku-postgresql, postgres), ...}. */
    static String acceptedNames() {
        return Arrays.stream(values()).map(k -> k.value + " (or " + String.join(", ", k.accepted.subList(1,
                k.accepted.size())) + ")").collect(Collectors.joining(", "));
    }
}
