package paas.router;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {
    static final Backend WEB_1 = new Backend("web.1", "10.0.0.1", 5000);
    static final Backend WEB_2 = new Backend("web.2", "10.0.0.2", 5000);

    final RouteTable table = new RouteTable("apps.example");

    @Test
    void everyAppAnswersAtItsDefaultHostnameAndItsCustomDomains() {
        table.update(new Route("blog", Set.of("www.blog.example", "Blog.Example"), List.of(WEB_1), false, Route.Unavailable.NO_WEB_DYNOS));
        assertThat(table.lookup("blog.apps.example").app()).isEqualTo("blog");
        assertThat(table.lookup("www.blog.example").app()).isEqualTo("blog");
        assertThat(table.lookup("blog.example").app()).isEqualTo("blog");
        assertThat(table.lookup("shop.apps.example")).isNull();
        assertThat(table.defaultHostname("blog")).isEqualTo("blog.apps.example");
    }

    @Test
    void theBaseDomainMayBeOneLabelButNoWildcard() {
        assertThat(new RouteTable("LocalHost").defaultHostname("shop")).isEqualTo("shop.localhost");
        assertThatThrownBy(() -> new RouteTable("*.apps.example")).hasMessageContaining("no wildcard");
        assertThatThrownBy(() -> new RouteTable("a..example")).hasMessageContaining("not a DNS name");
    }

    @Test
    void wildcardMatchesOneLabelAndLosesToAnExactName() {
        table.update(new Route("shop", Set.of("*.shop.example"), List.of(WEB_1), false, Route.Unavailable.NO_WEB_DYNOS));
        table.update(new Route("eu", Set.of("eu.shop.example"), List.of(WEB_2), false, Route.Unavailable.NO_WEB_DYNOS));
        assertThat(table.lookup("us.shop.example").app()).isEqualTo("shop");
        assertThat(table.lookup("eu.shop.example").app()).isEqualTo("eu");
        assertThat(table.lookup("shop.example")).isNull();
        assertThat(table.lookup("a.b.shop.example")).isNull();
    }

    @Test
    void replaceAllSwapsTheWholeTable() {
        table.update(new Route("old", List.of(WEB_1)));
        table.replaceAll(List.of(new Route("new", List.of(WEB_2))));
        assertThat(table.lookup("old.apps.example")).isNull();
        assertThat(table.lookup("new.apps.example").backends()).containsExactly(WEB_2);
        assertThat(table.routes()).containsOnlyKeys("new");
    }

    @Test
    void updateReplacesTheAppsRouteAndRemoveForgetsIt() {
        table.update(new Route("blog", Set.of("blog.example"), List.of(WEB_1), false, Route.Unavailable.NO_WEB_DYNOS));
        table.update(new Route("blog", List.of(WEB_1, WEB_2)));
        assertThat(table.lookup("blog.apps.example").backends()).containsExactly(WEB_1, WEB_2);
        assertThat(table.lookup("blog.example")).as("the old custom domain went with the old route").isNull();
        assertThat(table.remove("blog")).isTrue();
        assertThat(table.remove("blog")).isFalse();
        assertThat(table.lookup("blog.apps.example")).isNull();
    }

    @Test
    void aHostnameClaimedByAnotherAppIsRefusedAndNothingChanges() {
        table.update(new Route("blog", Set.of("www.example.com"), List.of(WEB_1), false, Route.Unavailable.NO_WEB_DYNOS));
        Route thief = new Route("thief", Set.of("www.example.com"), List.of(WEB_2), false, Route.Unavailable.NO_WEB_DYNOS);
        assertThatThrownBy(() -> table.update(thief)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("www.example.com").hasMessageContaining("blog");
        assertThat(table.routes()).containsOnlyKeys("blog");
        assertThatThrownBy(() -> table.replaceAll(List.of(thief, new Route("blog", Set.of("www.example.com"), List.of(), false, Route.Unavailable.NO_WEB_DYNOS))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> table.replaceAll(List.of(new Route("x1", List.of()), new Route("x1", List.of()))))
                .hasMessageContaining("twice");
        assertThat(table.lookup("www.example.com").app()).isEqualTo("blog");
    }

    @Test
    void aCustomDomainCannotTakeAnotherAppsDefaultHostname() {
        table.update(new Route("blog", List.of(WEB_1)));
        assertThatThrownBy(() -> table.update(new Route("evil", Set.of("blog.apps.example"), List.of(), false, Route.Unavailable.NO_WEB_DYNOS)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readersSeeEitherTheOldOrTheNewRouteNeverAMix() throws Exception {
        Route a = new Route("app", Set.of("a.example", "b.example"), List.of(WEB_1), false, Route.Unavailable.NO_WEB_DYNOS);
        Route b = new Route("app", Set.of("a.example", "b.example"), List.of(WEB_2), false, Route.Unavailable.NO_WEB_DYNOS);
        table.update(a);
        AtomicBoolean stop = new AtomicBoolean();
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            List<String> mixed = new ArrayList<>();
            while (!stop.get()) {
                Route r = table.lookup("a.example");
                if (r != a && r != b) {
                    mixed.add(String.valueOf(r));
                }
            }
            return mixed;
        });
        for (int i = 0; i < 20_000; i++) {
            table.update(i % 2 == 0 ? b : a);
        }
        stop.set(true);
        assertThat(reader.get()).isEmpty();
    }

    @Test
    void aRollingRestartWithTwoGenerationsOfOneDynoIsAnUpdateLikeAnyOther() {
        Backend oldWeb1 = new Backend("web.1", "10.0.0.1", 5000);
        Backend newWeb1 = new Backend("web.1", "10.0.0.9", 5000);
        table.update(new Route("blog", List.of(oldWeb1)));
        table.update(new Route("blog", List.of(oldWeb1, newWeb1)));
        assertThat(table.lookup("blog.apps.example").backends()).containsExactly(oldWeb1, newWeb1);
        table.replaceAll(List.of(new Route("blog", List.of(newWeb1, oldWeb1))));
        assertThat(table.lookup("blog.apps.example").backends()).containsExactly(newWeb1, oldWeb1);
        table.update(new Route("blog", List.of(newWeb1)));
        assertThat(table.lookup("blog.apps.example").backends()).containsExactly(newWeb1);
    }
}
