package paas.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.dynos.RouteBook;
import paas.router.RouteTable;

import java.time.Duration;
import java.util.Objects;

/**
 * Keeps a router's {@link RouteTable} in line with a platform's {@link RouteBook}, read through a
 * {@link Source} (in {@code paasd router}, the long poll of {@code GET /router/routes}).
 *
 * <p>The table only ever changes to a whole snapshot the platform answered. A failed read (the
 * API refuses connections, resets one, answers 5xx, or says it is not synced yet) leaves the table
 * as it is: the dynos outlive paasd, so the last routes known are still the best ones. After a
 * failure the next read comes soon, {@link #MIN_RETRY} at first and at most {@link #MAX_RETRY}
 * apart, so a router catches up within about half a second of paasd answering again instead of
 * waiting out a poll interval.
 *
 * <p>{@link #run()} blocks the calling thread until it is interrupted.
 */
final class RouteFollower implements Runnable {
    private static final Logger log = LoggerFactory.getLogger("router");
    static final Duration MIN_RETRY = Duration.ofMillis(50);
    static final Duration MAX_RETRY = Duration.ofMillis(500);

    /** One read of the route book. */
    @FunctionalInterface
    interface Source {
        /**
         * The book's snapshot once it differs from ({@code generation}, {@code after}), or after
         * the source's own wait; throws when the platform gives no snapshot.
         *
         * @param generation null before the first snapshot
         */
        RouteBook.Snapshot next(String generation, long after) throws Exception;
    }

    /** How the follower waits between failed reads; tests record instead. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    private final Source source;
    private final RouteTable table;
    private final Pause pause;
    private final String describeSource;

    RouteFollower(Source source, RouteTable table, Pause pause, String describeSource) {
        this.source = Objects.requireNonNull(source, "source");
        this.table = Objects.requireNonNull(table, "table");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.describeSource = describeSource;
    }

    @Override
    public void run() {
        String generation = null;
        long version = 0;
        Duration retry = MIN_RETRY;
        String failing = null;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                RouteBook.Snapshot s = source.next(generation, version);
                table.replaceAll(s.routes());
                if (!s.generation().equals(generation)) {
                    log.info("routes of platform generation {} at version {}: {} apps", s.generation(), s.version(),
                            s.routes().size());
                } else if (s.version() != version) {
                    log.info("routes at version {}: {} apps", s.version(), s.routes().size());
                }
                generation = s.generation();
                version = s.version();
                retry = MIN_RETRY;
                if (failing != null) {
                    log.info("the platform API answers again; routes are current");
                    failing = null;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (failing == null) {
                    log.warn("cannot read routes from {} ({}); serving the last ones known and asking again within {} ms",
                            describeSource, why, MAX_RETRY.toMillis());
                    failing = why;
                }
                try {
                    pause.sleep(retry);
                } catch (InterruptedException stop) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            }
        }
    }
}
