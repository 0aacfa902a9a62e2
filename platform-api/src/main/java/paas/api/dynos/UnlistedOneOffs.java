package paas.api.dynos;

import paas.process.Dyno;
import paas.process.DynoState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-off dynos the process manager may not list yet, though clients follow them by name from
 * the create answer on. One created with {@code attach: true} starts only when its client
 * attaches (Heroku lists it as {@code starting}): it is known here until its session ends, or
 * its attach secret expires unused. A detached one ({@code attach: false}) runs at once but
 * reaches the process manager's list only at its next pass: it is known here until then.
 * Thread-safe.
 */
final class UnlistedOneOffs {
    /** How long a created one-off waits for its client: as long as its run session's secret is valid. */
    static final Duration ATTACH_WINDOW = Duration.ofSeconds(60);

    /** @param untilListed dropped once the process manager lists a dyno of its name (a detached one) */
    private record Entry(Dyno dyno, Instant expires, boolean untilListed) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    void created(Dyno dyno, Instant now) {
        entries.put(key(dyno.app(), dyno.name()), new Entry(dyno, now.plus(ATTACH_WINDOW), false));
    }

    /** A detached one-off, started: known until the process manager lists it (at most {@link #ATTACH_WINDOW}). */
    void started(Dyno dyno, Instant now) {
        entries.put(key(dyno.app(), dyno.name()), new Entry(dyno, now.plus(ATTACH_WINDOW), true));
    }

    /**
     * Its client attached: it runs until {@link #ended}, however long. False when it is no longer
     * waiting (stopped before its client came, or forgotten): then it must not start.
     */
    boolean attached(String app, String name, Instant now) {
        return entries.computeIfPresent(key(app, name), (k, e) -> new Entry(new Dyno(app, name, e.dyno().release(),
                e.dyno().command(), e.dyno().size(), DynoState.UP, now, null, null, null, true), Instant.MAX, false))
                != null;
    }

    /** Stops a one-off still waiting for its client ({@code ps:stop run.N}); false for any other dyno. */
    boolean cancelWaiting(String app, String name) {
        Entry[] removed = new Entry[1];
        entries.computeIfPresent(key(app, name), (k, e) -> {
            if (e.untilListed() || e.dyno().state() != DynoState.STARTING) {
                return e;
            }
            removed[0] = e;
            return null;
        });
        return removed[0] != null;
    }

    void ended(String app, String name) {
        entries.remove(key(app, name));
    }

    /**
     * The app's one-offs known here, given the names the process manager lists now: those whose
     * secret expired unused, and detached ones it lists, are forgotten.
     */
    List<Dyno> of(String app, Instant now, Set<String> listed) {
        entries.values().removeIf(e -> e.expires().isBefore(now)
                || (e.untilListed() && e.dyno().app().equals(app) && listed.contains(e.dyno().name())));
        return entries.values().stream().map(Entry::dyno).filter(d -> d.app().equals(app)).toList();
    }

    private static String key(String app, String name) {
        return app + "/" + name;
    }
}
