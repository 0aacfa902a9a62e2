package paas.api.dynos;

import org.junit.jupiter.api.Test;
import paas.router.Route;
import paas.router.RouteTable;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteBookTest {
    private final RouteTable table = new RouteTable("paas.test");
    private final RouteBook book = new RouteBook(table);

    @Test
    void settingsAndBackendsMeetInOneRoute() {
        book.configure("shop", Set.of("www.shop.example"), false, true);
        Route noDynos = table.lookup("shop.paas.test");
        assertThat(noDynos.backends()).isEmpty();
        assertThat(noDynos.unavailable()).as("web dynos just wanted: requests wait for them").isEqualTo(Route.Unavailable.BOOTING);

        book.routesChanged("shop", List.of(new paas.process.Backend("web.1", "127.0.0.1", 32768)), false);
        Route up = table.lookup("www.shop.example");
        assertThat(up.app()).isEqualTo("shop");
        assertThat(up.backends()).extracting(b -> b.dyno() + "@" + b.host() + ":" + b.port())
                .containsExactly("web.1@127.0.0.1:32768");

        book.configure("shop", Set.of(), true, true);
        Route maintenance = table.lookup("shop.paas.test");
        assertThat(maintenance.maintenance()).isTrue();
        assertThat(maintenance.backends()).as("settings keep the backends").hasSize(1);
        assertThat(table.lookup("www.shop.example")).as("a removed domain stops routing").isNull();
    }

    @Test
    void theSameBackendTwiceIsRoutedOnce() {
        paas.process.Backend web1 = new paas.process.Backend("web.1", "127.0.0.1", 32768);
        book.routesChanged("shop", List.of(web1, web1), false);
        assertThat(table.lookup("shop.paas.test").backends()).extracting(b -> b.dyno() + "@" + b.port())
                .containsExactly("web.1@32768");
    }

    @Test
    void twoGenerationsOfANameWhileOneDrainsNeverLeaveTheBookInAStateThatFailsLater() {
        book.configure("shop", Set.of(), false, true);
        book.routesChanged("shop", List.of(new paas.process.Backend("web.1", "127.0.0.1", 32768)), false);
        List<paas.process.Backend> generations = List.of(new paas.process.Backend("web.1", "127.0.0.1", 32768),
                new paas.process.Backend("web.1", "127.0.0.1", 32769));
        boolean accepted;
        try {
            book.routesChanged("shop", generations, false);
            accepted = true;
        } catch (IllegalArgumentException refusedByTheRouter) {
            // A router that takes one dyno per name: the reconciler hears of it and keeps the old dynos.
            accepted = false;
        }
        // A settings change after it works either way, and keeps what the router holds.
        book.configure("shop", Set.of("www.shop.example"), false, true);
        assertThat(table.lookup("www.shop.example").backends()).extracting(b -> b.port())
                .containsExactlyElementsOf(accepted ? List.of(32768, 32769) : List.of(32768));
    }

    @Test
    void scaledToZeroIsNoWebDynosNotACrash() {
        book.configure("idle", Set.of(), false, false);
        assertThat(table.lookup("idle.paas.test").unavailable()).isEqualTo(Route.Unavailable.NO_WEB_DYNOS);
    }

    @Test
    void adoptedDynosRouteBeforeSettingsArrive() {
        book.routesChanged("early", List.of(new paas.process.Backend("web.1", "127.0.0.1", 40000)), false);
        assertThat(table.lookup("early.paas.test").backends()).hasSize(1);
    }

    @Test
    void aHostnameClaimedByAnotherAppFallsBackToTheDefaultHostname() {
        book.configure("first", Set.of("www.example.com"), false, false);
        book.configure("second", Set.of("www.example.com"), false, false);
        assertThat(table.lookup("www.example.com").app()).isEqualTo("first");
        assertThat(table.lookup("second.paas.test").app()).isEqualTo("second");
    }

    @Test
    void aLongPollReturnsAtTheNextChangeWithTheWholeState() throws Exception {
        book.configure("polled", Set.of(), false, true);
        book.markSynced();
        RouteBook.Snapshot before = book.snapshot();
        assertThat(book.awaitChange(before.generation(), before.version(), Duration.ofMillis(50)))
                .as("no change: the same version after the wait").get()
                .extracting(RouteBook.Snapshot::version).isEqualTo(before.version());

        CompletableFuture<Optional<RouteBook.Snapshot>> result = poll(book, before.generation(), before.version());
        book.routesChanged("polled", List.of(new paas.process.Backend("web.1", "127.0.0.1", 40001)), false);
        RouteBook.Snapshot after = result.get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(after.routes()).singleElement().satisfies(r -> assertThat(r.backends()).hasSize(1));
    }

    @Test
    void aRouterOfAnEarlierGenerationGetsTheWholeSnapshotAtOnce() throws Exception {
        RouteBook earlier = new RouteBook(new RouteTable("paas.test"));
        for (int i = 0; i < 900; i++) {
            earlier.configure("shop", Set.of(), i % 2 == 0, true);
        }
        earlier.markSynced();
        RouteBook.Snapshot seen = earlier.snapshot();
        assertThat(seen.version()).isGreaterThan(900);

        book.routesChanged("shop", List.of(new paas.process.Backend("web.1", "127.0.0.1", 40003)), false);
        book.markSynced();
        assertThat(book.snapshot().generation()).isNotEqualTo(seen.generation());
        assertThat(book.snapshot().version()).as("a new book counts from the start").isLessThan(seen.version());
        long started = System.nanoTime();
        Optional<RouteBook.Snapshot> answer = book.awaitChange(seen.generation(), seen.version(), Duration.ofSeconds(20));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered without waiting for a change")
                .isLessThan(Duration.ofSeconds(10));
        assertThat(answer).get().satisfies(s -> assertThat(s.routes()).singleElement()
                .satisfies(r -> assertThat(r.backends()).hasSize(1)));
        assertThat(book.awaitChange(null, seen.version(), Duration.ofMillis(50)))
                .as("no generation (an older router): versions compare as before, the wait ends without a change")
                .get().extracting(RouteBook.Snapshot::version).isEqualTo(book.snapshot().version());
    }

    @Test
    void routersAreNotAnsweredUntilTheFirstFullSync() throws Exception {
        // What a restarted paasd does: the store's settings first, with no backends yet ...
        book.configure("shop", Set.of(), false, true);
        assertThat(book.awaitChange(null, 0, Duration.ofMillis(50))).as("settings without dynos are not the truth")
                .isEmpty();
        CompletableFuture<Optional<RouteBook.Snapshot>> waiting = poll(book, "0123abcd", 0);
        // ... then the reconciler's first pass adopts the running dynos.
        book.routesChanged("shop", List.of(new paas.process.Backend("web.1", "127.0.0.1", 40004)), false);
        assertThatThrownBy(() -> waiting.get(100, TimeUnit.MILLISECONDS)).as("still not synced")
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        book.markSynced();
        RouteBook.Snapshot first = waiting.get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(first.routes()).singleElement().satisfies(r -> assertThat(r.backends())
                .as("the first answer already has the adopted dynos").hasSize(1));
    }

    private static CompletableFuture<Optional<RouteBook.Snapshot>> poll(RouteBook book, String generation, long after) {
        CompletableFuture<Optional<RouteBook.Snapshot>> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(book.awaitChange(generation, after, Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    @Test
    void removedAppsAnswerNothing() {
        book.configure("gone", Set.of(), false, true);
        book.remove("gone");
        assertThat(table.lookup("gone.paas.test")).isNull();
    }

    @Test
    void theDynosOfADestroyedAppStoppingAfterItsRemovalRouteNothing() {
        book.configure("gone", Set.of("www.gone.example"), false, true);
        book.routesChanged("gone", List.of(new paas.process.Backend("web.1", "127.0.0.1", 40001)), false);
        book.remove("gone");
        book.routesChanged("gone", List.of(), false); // web.1 left the route while it stopped
        assertThat(table.lookup("gone.paas.test")).as("a destroyed app's hostname is unknown (404), not without dynos (503)").isNull();

        book.configure("gone", Set.of(), false, true); // created again
        book.routesChanged("gone", List.of(new paas.process.Backend("web.1", "127.0.0.1", 40002)), false);
        assertThat(table.lookup("gone.paas.test").backends()).hasSize(1);
    }

    @Test
    void webDynosThatStopAnsweringAreBootingWhileRestartingAndCrashedWhileWaiting() {
        book.configure("app", Set.of(), false, true);
        book.routesChanged("app", List.of(new paas.process.Backend("web.1", "127.0.0.1", 40002)), false);
        book.routesChanged("app", List.of(), true);
        assertThat(table.lookup("app.paas.test").unavailable()).isEqualTo(Route.Unavailable.BOOTING);
        book.routesChanged("app", List.of(), false);
        assertThat(table.lookup("app.paas.test").unavailable()).as("no web dyno on its way: H10").isEqualTo(Route.Unavailable.CRASHED);
        book.configure("app", Set.of("www.app.example"), false, true);
        assertThat(table.lookup("app.paas.test").unavailable()).as("other settings keep what the reconciler said")
                .isEqualTo(Route.Unavailable.CRASHED);
        book.configure("app", Set.of(), false, false);
        assertThat(table.lookup("app.paas.test").unavailable()).isEqualTo(Route.Unavailable.NO_WEB_DYNOS);
    }
}
