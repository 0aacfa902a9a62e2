package paas.api.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Something this platform runs or keeps that its store cannot account for: a dyno container of an
 * app the store does not know, or a slug file no slug record names. It is kept until
 * {@link #removeAfter(Duration)}, so a store that lost data (and gets it back) costs no running app.
 *
 * @param kind      dyno or slug
 * @param id        the container id, or the slug's sha256
 * @param app       the app named by the container's labels; null for a slug
 * @param dyno      the dyno name ({@code web.1}) from the labels; null for a slug
 * @param firstSeen when a sweep first found it unaccounted for (kept in the store across restarts)
 */
public record Orphan(Kind kind, String id, String app, String dyno, Instant firstSeen) {
    public enum Kind {
        DYNO, SLUG;

        /** The word the API and the store use. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Kind of(String word) {
            return valueOf(word.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public Orphan {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(firstSeen, "firstSeen");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an orphan needs the id of what it is (container id or slug sha256)");
        }
    }

    /** The same thing, first seen at another time (the one the store remembers). */
    public Orphan seenSince(Instant at) {
        return new Orphan(kind, id, app, dyno, at);
    }

    public Instant removeAfter(Duration grace) {
        return firstSeen.plus(grace);
    }

    /** What identifies it across sweeps. */
    public Key key() {
        return new Key(kind, id);
    }

    public record Key(Kind kind, String id) {
    }
}
