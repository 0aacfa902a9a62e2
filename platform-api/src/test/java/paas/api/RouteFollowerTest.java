package paas.api;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import paas.api.dynos.RouteBook;
import paas.process.Backend;
import paas.router.Route;
import paas.router.RouteTable;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A router following a platform's route book while paasd is killed and started again: the book
 * of the restarted paasd is a new {@link RouteBook}, counting its versions from the start.
 */
class RouteFollowerTest {
    /** Where the follower reads: the running paasd's book, or nothing while paasd is down. */
    private final AtomicReference<RouteBook> paasd = new AtomicReference<>();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private final RouteTable routerTable = new RouteTable("paas.test");
    private Thread follower;

    /** What RouterApi does with a book, with a shorter wait than its 25 s so a stuck poll shows. */
    private RouteBook.Snapshot read(String generation, long after) throws Exception {
        RouteBook book = paasd.get();
        if (book == null) {
            refused.incrementAndGet();
            throw new ConnectException("Connection refused");
        }
        reads.incrementAndGet();
        return book.awaitChange(generation, after, Duration.ofSeconds(20))
                .orElseThrow(() -> new IllegalStateException("GET /router/routes answered 503: not synced"));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (follower != null) {
            follower.interrupt();
            follower.join(5000);
        }
    }

    @Test
    void aRouterKeepsItsRoutesWhilePaasdIsDownAndFollowsTheRestartedOneAtOnce() throws Exception {
        RouteBook first = new RouteBook(new RouteTable("paas.test"));
        for (int i = 0; i < 900; i++) {
            first.configure("shop", Set.of(), i % 2 == 1, true);
        }
        first.routesChanged("shop", List.of(new Backend("web.1", "10.0.0.1", 5000)), false);
        first.markSynced();
        paasd.set(first);
        follower = Thread.ofVirtual().start(new RouteFollower(this::read, routerTable, d -> {
            pauses.add(d);
            Thread.sleep(d);
        }, "the test's books"));
        await().atMost(Duration.ofSeconds(10)).until(() -> backends("shop").equals(List.of("web.1@10.0.0.1:5000")));

        // kill -9 of paasd: refused connections leave the table as it was.
        paasd.set(null);
        first.configure("shop", Set.of(), false, true); // ends the poll in flight, as a reset would
        await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() >= 6);
        assertThat(backends("shop")).containsExactly("web.1@10.0.0.1:5000");
        assertThat(pauses).as("retries start soon and stay short").first().isEqualTo(RouteFollower.MIN_RETRY);
        assertThat(pauses).allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(RouteFollower.MAX_RETRY));

        // The restarted paasd answers but is still adopting: its settings have no backends yet.
        RouteBook restarted = new RouteBook(new RouteTable("paas.test"));
        restarted.configure("shop", Set.of("www.shop.example"), false, true);
        int readsBefore = reads.get();
        paasd.set(restarted);
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() > readsBefore);
        await("a half-synced paasd does not empty the route").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> backends("shop").equals(List.of("web.1@10.0.0.1:5000")));

        // Adopted, and scaled meanwhile: the router takes the new book's snapshot, although its
        // versions are far below the 900 the router saw.
        restarted.routesChanged("shop", List.of(new Backend("web.1", "10.0.0.1", 5000),
                new Backend("web.2", "10.0.0.2", 5000)), false);
        restarted.markSynced();
        assertThat(restarted.snapshot().version()).isLessThan(first.snapshot().version());
        await().atMost(Duration.ofSeconds(5)).until(() -> backends("shop").size() == 2);
        assertThat(routerTable.lookup("www.shop.example")).isNotNull();

        // And it follows the new book's changes from then on.
        restarted.configure("shop", Set.of(), true, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> routerTable.route("shop").map(Route::maintenance).orElse(false));
    }

    private List<String> backends(String app) {
        return routerTable.route(app).map(r -> r.backends().stream()
                .map(b -> b.dyno() + "@" + b.host() + ":" + b.port()).sorted().toList()).orElse(List.of());
    }
}
