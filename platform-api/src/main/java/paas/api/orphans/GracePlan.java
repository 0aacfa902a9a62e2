package paas.api.orphans;

import paas.api.domain.Orphan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one sweep does, computed from what it found and what the store remembers, before anything
 * is acted on: which orphans are new (recorded and reported), which are accounted for again (their
 * app or slug record came back, or they are gone: forgotten), and which have outlived the grace
 * period (removed, but only by a sweep that may remove: never the one at start).
 *
 * @param current    every orphan found now, with the first-seen time the store remembers
 * @param newlySeen  found now and not remembered: to record
 * @param accounted  remembered but not found now: to forget
 * @param due        in {@code current} and past the grace period, when the sweep may remove
 */
public record GracePlan(List<Orphan> current, List<Orphan> newlySeen, List<Orphan> accounted, List<Orphan> due) {
    public GracePlan {
        current = List.copyOf(current);
        newlySeen = List.copyOf(newlySeen);
        accounted = List.copyOf(accounted);
        due = List.copyOf(due);
    }

    /**
     * @param found     what the sweep found unaccounted for, each with {@code firstSeen} = now
     * @param recorded  what the store remembers, by key
     * @param scanned   the kinds the sweep could look at; a remembered orphan of a kind that could not be
     *                  listed (the engine did not answer) is neither forgotten nor removed
     * @param mayRemove false for the sweep at start, which only records and reports
     */
    public static GracePlan compute(List<Orphan> found, Map<Orphan.Key, Orphan> recorded, Set<Orphan.Kind> scanned,
                                    Instant now, Duration grace, boolean mayRemove) {
        List<Orphan> current = new ArrayList<>();
        List<Orphan> newlySeen = new ArrayList<>();
        List<Orphan> due = new ArrayList<>();
        Set<Orphan.Key> foundKeys = new java.util.HashSet<>();
        for (Orphan o : found) {
            foundKeys.add(o.key());
            Orphan known = recorded.get(o.key());
            // A clock set back must not make something look younger than when it was found.
            Orphan c = known == null ? o.seenSince(now) : o.seenSince(known.firstSeen().isAfter(now) ? now : known.firstSeen());
            if (known == null) {
                newlySeen.add(c);
            }
            current.add(c);
            if (mayRemove && !now.isBefore(c.removeAfter(grace))) {
                due.add(c);
            }
        }
        List<Orphan> accounted = recorded.values().stream()
                .filter(o -> scanned.contains(o.kind()) && !foundKeys.contains(o.key()))
                .toList();
        return new GracePlan(current, newlySeen, accounted, due);
    }
}
