package paas.api.orphans;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.Orphan;
import paas.api.domain.PlatformException;
import paas.api.store.AppStore;
import paas.api.store.Database;
import paas.api.store.OrphanStore;
import paas.process.DynoHandle;
import paas.process.Runtime;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Finds what this platform runs or keeps that the store cannot account for, and removes it only
 * once it has stayed so for the grace period, or when an admin says so. "The control plane never
 * destroys what it cannot account for": a store that lost an app (a bug, a restore from an older
 * backup, a wrong DATABASE_URL) must not cost the app its running dynos.
 *
 * <ul>
 *   <li>A dyno is an orphan when its container's app label names no app in the store and the
 *       reconciler does not track it (an app destroyed through the API has its dynos stopped by
 *       the reconciler at once; those are accounted for). Orphans are never given to the
 *       reconciler, so they are not routed.</li>
 *   <li>A slug file is an orphan when no slug record (what releases point at) names its sha256.</li>
 * </ul>
 *
 * <p>When each was first seen is kept in the store, so a restart neither starts the grace period
 * again nor removes anything: the sweep at start ({@code mayRemove = false}) records and reports
 * only; removal happens in the periodic sweeps after it. Something that becomes accounted for
 * again (its app re-created or restored) is forgotten, and its dynos are adopted by the reconciler.
 *
 * <p>Thread-safe: sweeps and removals are serialized. They block on the engine, the store and the
 * file system.
 */
public final class Orphans implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Orphans.class);

    private final Database db;
    private final OrphanStore store = new OrphanStore();
    private final AppStore apps = new AppStore();
    private final String platform;
    private final Runtime runtime;
    private final Predicate<DynoHandle> tracked;
    private final SlugFiles slugs;
    private final Clock clock;
    private final Duration grace;
    /** Orphans this paasd has logged a warning for: each is reported once per process. */
    private final Set<Orphan.Key> reported = new HashSet<>();
    private ScheduledExecutorService timer;

    /**
     * @param platform this installation's name, as on its containers: several installations may share one store
     * @param tracked  true for a dyno the reconciler tracks (running or being stopped); never an orphan
     * @param grace    how long an orphan is kept before a sweep removes it
     */
    public Orphans(Database db, String platform, Runtime runtime, Predicate<DynoHandle> tracked, SlugFiles slugs,
                   Clock clock, Duration grace) {
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("the orphan grace period must be positive, was " + grace);
        }
        this.db = db;
        this.platform = platform;
        this.runtime = runtime;
        this.tracked = tracked;
        this.slugs = slugs;
        this.clock = clock;
        this.grace = grace;
    }

    public Duration grace() {
        return grace;
    }

    /**
     * Sweeps once now, recording and reporting only, then every {@code every}, removing what
     * outlived the grace period. Nothing is removed before the first periodic sweep.
     */
    public synchronized void start(Duration every) {
        sweepQuietly(false);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "orphan-sweep");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> sweepQuietly(true), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepQuietly(boolean mayRemove) {
        try {
            sweep(mayRemove);
        } catch (RuntimeException e) {
            log.warn("orphan sweep failed, trying again at the next one: {}", Database.rootMessage(e));
        }
    }

    /**
     * One sweep: finds the orphans, records the new ones, forgets those accounted for again and,
     * when {@code mayRemove}, removes those past the grace period.
     *
     * @return what the sweep found and did
     */
    public synchronized GracePlan sweep(boolean mayRemove) {
        Scan scan = scan();
        Instant now = clock.instant();
        GracePlan plan = GracePlan.compute(scan.found(), scan.recorded(), scan.scanned(), now, grace, mayRemove);
        db.inTransaction(c -> {
            for (Orphan o : plan.newlySeen()) {
                store.insert(c, platform, o);
            }
            for (Orphan o : plan.accounted()) {
                store.delete(c, platform, o.key());
            }
            return null;
        });
        for (Orphan o : plan.accounted()) {
            reported.remove(o.key());
            log.info("{} {} is accounted for again{}; it is no longer an orphan", o.kind().word(), shortId(o),
                    o.app() == null ? "" : " (app " + o.app() + " is back in the store)");
        }
        for (Orphan o : plan.current()) {
            if (reported.add(o.key())) {
                report(o);
            }
        }
        for (Orphan o : plan.due()) {
            removeQuietly(o, "its grace period of " + hours(grace) + " (PAAS_ORPHAN_GRACE_HOURS) ended");
        }
        return plan;
    }

    /** Every orphan as of a sweep made now (one that records and reports, never removes), oldest first. */
    public List<Orphan> list() {
        return sweep(false).current().stream()
                .sorted(Comparator.comparing(Orphan::firstSeen).thenComparing(Orphan::id)).toList();
    }

    /**
     * Removes one orphan now (an admin's decision), after checking it still is one.
     *
     * @param id the full id or an unambiguous prefix of at least 4 characters
     * @throws PlatformException.NotFound when nothing unaccounted for has that id
     * @throws PlatformException.InvalidParams when the prefix is too short or fits several
     */
    public synchronized Orphan remove(String id) {
        if (id == null || id.length() < 4) {
            throw new PlatformException.InvalidParams("give at least 4 characters of the orphan's id, as"
                    + " `paas admin:orphans` shows it");
        }
        List<Orphan> matches = sweep(false).current().stream().filter(o -> o.id().startsWith(id)).toList();
        if (matches.isEmpty()) {
            throw new PlatformException.NotFound("no orphan has the id " + id + ": `paas admin:orphans` lists them"
                    + " (what the store accounts for is never listed, nor removed here)");
        }
        if (matches.size() > 1) {
            throw new PlatformException.InvalidParams(id + " is the start of " + matches.size() + " orphans' ids ("
                    + String.join(", ", matches.stream().map(Orphans::shortId).toList()) + "); give more of it");
        }
        remove(matches.getFirst(), "an admin removed it");
        return matches.getFirst();
    }

    /** Removes every orphan now, after a fresh sweep; answers what was removed. */
    public synchronized List<Orphan> removeAll() {
        List<Orphan> current = sweep(false).current();
        List<Orphan> removed = new ArrayList<>();
        for (Orphan o : current) {
            if (removeQuietly(o, "an admin removed all orphans")) {
                removed.add(o);
            }
        }
        return removed;
    }

    private boolean removeQuietly(Orphan o, String why) {
        try {
            remove(o, why);
            return true;
        } catch (RuntimeException e) {
            log.warn("could not remove orphan {} {}: {}; the next sweep tries again", o.kind().word(), shortId(o),
                    Database.rootMessage(e));
            return false;
        }
    }

    private void remove(Orphan o, String why) {
        switch (o.kind()) {
            case DYNO -> {
                runtime.remove(o.id());
                log.warn("removed dyno {} of app {} (container {}), which the store does not know: {}", o.dyno(),
                        o.app(), shortId(o), why);
                freeAppIfGone(o.app());
            }
            case SLUG -> {
                try {
                    slugs.delete(o.id());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                log.info("deleted slug {}, which no slug record names: {}", o.id(), why);
            }
        }
        db.inTransaction(c -> {
            store.delete(c, platform, o.key());
            return null;
        });
        reported.remove(o.key());
    }

    /** Release images and the app's network go with its last dyno, if the app is still unknown. */
    private void freeAppIfGone(String app) {
        try {
            boolean dynosLeft = runtime.list().stream().anyMatch(h -> h.app().equals(app));
            boolean known = db.inTransaction(c -> apps.allNames(c).contains(app));
            if (!dynosLeft && !known) {
                runtime.forgetApp(app);
            }
        } catch (RuntimeException e) {
            log.debug("app {}: images not freed: {}", app, e.toString());
        }
    }

    private void report(Orphan o) {
        String removeAfter = o.removeAfter(grace).toString();
        String remove = "`paas admin:orphans:remove " + shortId(o) + " --confirm " + shortId(o) + "`";
        switch (o.kind()) {
            case DYNO -> log.warn("dyno {} of app {} (container {}) runs, but the store has no app {}: it is kept"
                            + " running and not routed until {} (first seen {}, PAAS_ORPHAN_GRACE_HOURS={}), then removed."
                            + " To keep it, restore the app's data or create the app again (its dynos are then adopted);"
                            + " to remove it now, run {}",
                    o.dyno(), o.app(), shortId(o), o.app(), removeAfter, o.firstSeen(), grace.toHours(), remove);
            case SLUG -> log.info("slug {} is named by no slug record: it is kept until {} (first seen {},"
                            + " PAAS_ORPHAN_GRACE_HOURS={}), then deleted; to delete it now, run {}",
                    o.id(), removeAfter, o.firstSeen(), grace.toHours(), remove);
        }
    }

    private record Scan(List<Orphan> found, Map<Orphan.Key, Orphan> recorded, Set<Orphan.Kind> scanned) {
    }

    private Scan scan() {
        Set<Orphan.Kind> scanned = EnumSet.noneOf(Orphan.Kind.class);
        List<DynoHandle> dynos = List.of();
        try {
            dynos = runtime.list().stream().filter(h -> !tracked.test(h)).toList();
            scanned.add(Orphan.Kind.DYNO);
        } catch (RuntimeException e) {
            log.debug("orphan sweep: dynos not listed: {}", e.toString());
        }
        List<String> slugIds = List.of();
        try {
            slugIds = slugs.ids();
            scanned.add(Orphan.Kind.SLUG);
        } catch (IOException | RuntimeException e) {
            log.warn("orphan sweep: slug files not listed: {}", e.toString());
        }
        // The store is read after the listings: a dyno or slug made in between belongs to an app or
        // slug record committed before it was made, so it is found accounted for.
        List<DynoHandle> listedDynos = dynos;
        List<String> listedSlugs = slugIds;
        Instant now = clock.instant();
        return db.inTransaction(c -> {
            Set<String> known = new HashSet<>(apps.allNames(c));
            Set<String> named = store.slugChecksums(c);
            List<Orphan> found = new ArrayList<>();
            for (DynoHandle h : listedDynos) {
                if (!known.contains(h.app())) {
                    found.add(new Orphan(Orphan.Kind.DYNO, h.id(), h.app(), h.name(), now));
                }
            }
            for (String sha : listedSlugs) {
                if (!named.contains(sha)) {
                    found.add(new Orphan(Orphan.Kind.SLUG, sha, null, null, now));
                }
            }
            return new Scan(found, store.list(c, platform), scanned);
        });
    }

    static String shortId(Orphan o) {
        return o.id().length() > 12 ? o.id().substring(0, 12) : o.id();
    }

    private static String hours(Duration d) {
        return d.toHours() + " h";
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
