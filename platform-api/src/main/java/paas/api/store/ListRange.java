package paas.api.store;

/**
 * One page of a sorted list, from a Heroku-style {@code Range} header: items after
 * {@code start} (or from it, when not exclusive) in the sort order, at most {@code max}.
 */
public record ListRange(String start, boolean startExclusive, int max, boolean descending) {
    public static final int DEFAULT_MAX = 200;
    public static final int LARGEST_MAX = 1000;

    public static ListRange all(boolean descending) {
        return new ListRange(null, false, DEFAULT_MAX, descending);
    }

    public ListRange {
        if (max < 1 || max > LARGEST_MAX) {
            throw new IllegalArgumentException("max must be 1 to " + LARGEST_MAX);
        }
    }
}
