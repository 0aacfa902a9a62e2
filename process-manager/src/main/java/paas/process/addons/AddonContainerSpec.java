package paas.process.addons;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an add-on container runs: the service image, the environment its entrypoint reads
 * (credentials, limits), and the plan's memory limit. {@code name} is the add-on's name (e.g.
 * {@code postgresql-curved-12345}), used for the container, volume and network alias, so it must
 * be a host name label that leaves room for the {@code paas-addon-} prefix.
 */
public record AddonContainerSpec(String addonId, String name, String kind, String plan, String image,
                                 Map<String, String> environment, long memoryBytes, int port) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,50}[a-z0-9]");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public AddonContainerSpec {
        check("add-on id", addonId, ID);
        check("add-on name", name, NAME);
        check("add-on kind", kind, WORD);
        check("add-on plan", plan, WORD);
        Objects.requireNonNull(image, "image");
        if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("add-on image '" + image + "' must be an image reference without spaces");
        }
        environment.forEach((k, v) -> {
            if (!ENV_KEY.matcher(k).matches() || v == null || v.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("add-on environment entry '" + k + "' must match "
                        + ENV_KEY.pattern() + " and have a value without NUL");
            }
        });
        environment = Map.copyOf(environment);
        if (memoryBytes <= 0 || port <= 0 || port > 65535) {
            throw new IllegalArgumentException("memory and port must be positive");
        }
    }

    private static void check(String what, String value, Pattern rule) {
        Objects.requireNonNull(value, what);
        if (!rule.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must match ^" + rule.pattern() + "$");
        }
    }
}
