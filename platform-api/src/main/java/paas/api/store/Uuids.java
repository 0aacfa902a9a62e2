package paas.api.store;

import java.util.UUID;

/** Reading ids from the API's "name or id" parameters. */
final class Uuids {
    private Uuids() {
    }

    /**
     * The UUID this text spells in its canonical 36-character form, or null: names and emails never
     * do, so a lookup by "name or id" takes the id path only for a real id.
     */
    static UUID orNull(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
