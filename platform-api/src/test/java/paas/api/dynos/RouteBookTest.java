package paas.api.dynos;

import org.junit.jupiter.api.Test;
import paas.router.Route;
import paas.router.RouteTable;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

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
        RouteBook.Snapshot before = book.snapshot();
        assertThat(book.awaitChange(before.version(), java.time.Duration.ofMillis(50)).version())
                .as("no change: the same version after the wait").isEqualTo(before.version());

        var result = new java.util.concurrent.CompletableFuture<RouteBook.Snapshot>();
        Thread poller = Thread.ofVirtual().start(() -> {
            try {
                result.complete(book.awaitChange(before.version(), java.time.Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                result.completeExceptionally(e);
            }
        });
        book.routesChanged("polled", List.of(new paas.process.Backend("web.1", "127.0.0.1", 40001)), false);
        RouteBook.Snapshot after = result.get(10, java.util.concurrent.TimeUnit.SECONDS);
        poller.join();
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(after.routes()).singleElement().satisfies(r -> assertThat(r.backends()).hasSize(1));
    }

    @Test
    void removedAppsAnswerNothing() {
        book.configure("gone", Set.of(), false, true);
        book.remove("gone");
        assertThat(table.lookup("gone.paas.test")).isNull();
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
