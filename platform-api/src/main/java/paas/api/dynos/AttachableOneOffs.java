package paas.api.dynos;

import paas.process.Dyno;
import paas.process.DynoState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-off dynos created with {@code attach: true}: they start only when their client attaches,
 * yet clients follow them by name at once (Heroku lists them as {@code starting}). Each is known
 * here from its creation until its session ends, or until its attach secret expires unused.
 * Thread-safe.
 */
final class AttachableOneOffs {
    /** How long a created one-off waits for its client: as long as its run session's secret is valid. */
    static final Duration ATTACH_WINDOW = Duration.ofSeconds(60);

    private record Entry(Dyno dyno, Instant expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    void created(Dyno dyno, Instant now) {
        entries.put(key(dyno.app(), dyno.name()), new Entry(dyno, now.plus(ATTACH_WINDOW)));
    }

    /** Its client attached: it runs until {@link #ended}, however long. */
    void attached(String app, String name, Instant now) {
        entries.computeIfPresent(key(app, name), (k, e) -> new Entry(new Dyno(app, name, e.dyno().release(),
                e.dyno().command(), e.dyno().size(), DynoState.UP, now, null, null, null, true), Instant.MAX));
    }

    void ended(String app, String name) {
        entries.remove(key(app, name));
    }

    /** The app's one-offs waiting for or attached to their client, those whose secret expired unused left out. */
    List<Dyno> of(String app, Instant now) {
        entries.values().removeIf(e -> e.expires().isBefore(now));
        return entries.values().stream().map(Entry::dyno).filter(d -> d.app().equals(app)).toList();
    }

    private static String key(String app, String name) {
        return app + "/" + name;
    }
}
