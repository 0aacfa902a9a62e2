package paas.api.store;

import java.util.Set;

/**
 * The store holds values sealed with platform keys that were not given; paasd stops and names
 * the fix (which depends on where its keys come from, so the caller words it).
 */
public final class UnknownKeyException extends StoreException {
    private final Set<String> missing;

    UnknownKeyException(Set<String> missing, Set<String> given) {
        super("the store holds secrets sealed with platform key " + String.join(", ", missing)
                + ", which is not among the keys given (" + String.join(", ", given) + ")", null);
        this.missing = Set.copyOf(missing);
    }

    /** The ids of the keys the store needs and was not given. */
    public Set<String> missing() {
        return missing;
    }
}
