package paas.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Crash counts of formation slots ({@code shop web.2}) within their app's current release, and
 * when each crashed slot may start again ({@link Backoff}). Confined to the reconciler's passes.
 */
final class CrashHistory {
    private static final Logger log = LoggerFactory.getLogger(CrashHistory.class);

    /** One slot's record; {@code waiting} while the slot has no process and awaits its restart. */
    static final class Entry {
        int count;
        Integer exitCode;
        Instant since;
        Instant restartAt;
        boolean waiting;
    }

    record Slot(String app, String dyno) {
    }

    private final Backoff backoff;
    private final Map<Slot, Entry> entries = new HashMap<>();

    CrashHistory(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * Counts a crash (and logs when the slot starts again) and returns the entry with its restart
     * time. A process that ran at least the backoff cap was healthy: its crash counts as the first
     * again. {@code startedAt} is null for a start that failed.
     */
    Entry crashed(String app, String dyno, Integer exitCode, Instant startedAt, Instant now) {
        Entry e = entries.computeIfAbsent(new Slot(app, dyno), s -> new Entry());
        boolean healthyLongEnough = startedAt != null && Duration.between(startedAt, now).compareTo(backoff.cap()) >= 0;
        e.count = healthyLongEnough ? 1 : e.count + 1;
        e.exitCode = exitCode;
        e.since = now;
        e.waiting = true;
        e.restartAt = now.plus(backoff.delayAfter(e.count));
        log.info("reconciler: {} {} crashed ({} in a row, exit {}); restart at {}", app, dyno, e.count, exitCode, e.restartAt);
        return e;
    }

    /** The slot has a process again; returns whether it was waiting after a crash. */
    boolean restarted(String app, String dyno) {
        Entry e = entries.get(new Slot(app, dyno));
        boolean was = e != null && e.waiting;
        if (e != null) {
            e.waiting = false;
        }
        return was;
    }

    Entry get(String app, String dyno) {
        return entries.get(new Slot(app, dyno));
    }

    Integer lastExitCode(String app, String dyno) {
        Entry e = get(app, dyno);
        return e == null ? null : e.exitCode;
    }

    /** Restart times of the app's slots that wait after a crash, by dyno name. */
    Map<String, Instant> restartTimes(String app) {
        Map<String, Instant> times = new HashMap<>();
        entries.forEach((slot, e) -> {
            if (slot.app().equals(app) && e.waiting) {
                times.put(slot.dyno(), e.restartAt);
            }
        });
        return times;
    }

    /** Forgets slots for which {@code drop} holds (a new release, a restart, a scale down). */
    void forget(BiPredicate<String, String> drop) {
        entries.keySet().removeIf(s -> drop.test(s.app(), s.dyno()));
    }

    Map<Slot, Entry> view() {
        return Map.copyOf(entries);
    }
}
