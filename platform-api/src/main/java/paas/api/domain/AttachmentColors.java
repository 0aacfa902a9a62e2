package paas.api.domain;

import java.util.Collection;
import java.util.List;

/**
 * The default attachment names of an add-on in an app, the one rule for them: the app's first
 * PostgreSQL is {@code DATABASE} and also gets a color name ({@code HEROKU_POSTGRESQL_RED}), a
 * later one a color name only; the first Redis is {@code REDIS}, a later one
 * {@code HEROKU_REDIS_<COLOR>}. A color is the first of {@link #COLORS} no attachment of that kind
 * in the app uses yet.
 */
public final class AttachmentColors {
    static final List<String> COLORS = List.of("RED", "BLUE", "GREEN", "YELLOW", "ORANGE", "PURPLE", "PINK",
            "TEAL", "AMBER", "AQUA", "BRONZE", "BROWN", "CHARCOAL", "COBALT", "COPPER", "CRIMSON", "CYAN", "GOLD",
            "GRAY", "IVORY", "JADE", "LIME", "MAROON", "MAUVE", "NAVY", "OLIVE", "ONYX", "PLATINUM", "ROSE",
            "SILVER", "WHITE");

    private AttachmentColors() {
    }

    static boolean isColor(String word) {
        return COLORS.contains(word);
    }

    /**
     * The names an add-on of {@code kind} gets when attached to an app whose attachments are named
     * {@code taken}, the primary one first.
     *
     * @throws PlatformException.InvalidParams when every color is taken (name it with {@code --as})
     */
    public static List<AttachmentName> defaults(AddonKind kind, Collection<AttachmentName> taken) {
        boolean primaryFree = !taken.contains(kind.primaryAttachment());
        if (kind == AddonKind.REDIS && primaryFree) {
            return List.of(kind.primaryAttachment());
        }
        AttachmentName colored = COLORS.stream().map(kind::colored).filter(n -> !taken.contains(n)).findFirst()
                .orElseThrow(() -> new PlatformException.InvalidParams("the app has an add-on of kind " + kind.value()
                        + " under every color name: choose a name with --as"));
        return primaryFree ? List.of(kind.primaryAttachment(), colored) : List.of(colored);
    }
}
