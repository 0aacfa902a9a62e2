package paas.process;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlanTest {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    static Plan.Live web(String id, int index, int release, boolean up) {
        return new Plan.Live(id, "web." + index, release, up, false, false, T.plusSeconds(index),
                new Endpoint("127.0.0.1", 5000 + index + release * 100));
    }

    @Test
    void scaleUpStartsOnlyMissingIndexes() {
        Plan p = Plan.compute("shop", ReconcilerTest.formation(1, "web", 3), List.of(web("a", 2, 1, true)), Map.of(), T);
        assertThat(p.starts()).containsExactly("web.1", "web.3");
        assertThat(p.stops()).isEmpty();
        assertThat(p.routes()).extracting(Backend::dyno).containsExactly("web.2");
    }

    @Test
    void scaleDownStopsHighestIndexesAndRoutesWithoutThem() {
        Plan p = Plan.compute("shop", ReconcilerTest.formation(1, "web", 1),
                List.of(web("a", 1, 1, true), web("b", 2, 1, true), web("c", 3, 1, true)), Map.of(), T);
        assertThat(p.starts()).isEmpty();
        assertThat(p.stops()).extracting(Plan.Stop::id).containsExactly("b", "c");
        assertThat(p.routes()).extracting(Backend::dyno).containsExactly("web.1");
    }

    @Test
    void oldWebDynosStayRoutedUntilEveryNewOneIsUp() {
        List<Plan.Live> partly = List.of(web("o1", 1, 1, true), web("o2", 2, 1, true), web("n1", 1, 2, true), web("n2", 2, 2, false));
        Plan waiting = Plan.compute("shop", ReconcilerTest.formation(2, "web", 2), partly, Map.of(), T);
        assertThat(waiting.starts()).isEmpty();
        assertThat(waiting.stops()).isEmpty();
        assertThat(waiting.routes()).extracting(Backend::port).containsExactly(5101, 5102);

        List<Plan.Live> all = List.of(web("o1", 1, 1, true), web("o2", 2, 1, true), web("n1", 1, 2, true), web("n2", 2, 2, true));
        Plan switched = Plan.compute("shop", ReconcilerTest.formation(2, "web", 2), all, Map.of(), T);
        assertThat(switched.stops()).extracting(Plan.Stop::id, Plan.Stop::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("o1", Plan.Reason.RELEASE), org.assertj.core.groups.Tuple.tuple("o2", Plan.Reason.RELEASE));
        assertThat(switched.routes()).extracting(Backend::port).containsExactly(5201, 5202);
    }

    @Test
    void crashedSlotWaitsForItsRestartTimeAndDuplicatesAreStopped() {
        Plan p = Plan.compute("shop", ReconcilerTest.formation(1, "web", 2),
                List.of(web("a", 1, 1, false), web("b", 1, 1, true)), Map.of("web.2", T.plusSeconds(10)), T);
        assertThat(p.starts()).isEmpty();
        assertThat(p.stops()).extracting(Plan.Stop::id).containsExactly("a");
        Plan later = Plan.compute("shop", ReconcilerTest.formation(1, "web", 2), List.of(web("b", 1, 1, true)),
                Map.of("web.2", T.plusSeconds(10)), T.plusSeconds(10));
        assertThat(later.starts()).containsExactly("web.2");
    }

    @Test
    void unmanagedAppStopsEverythingIncludingOneOffs() {
        Plan.Live run = new Plan.Live("r", "run.1", 1, true, false, true, T, null);
        Plan p = Plan.compute("shop", null, List.of(web("a", 1, 1, true), run), Map.of(), T);
        assertThat(p.stops()).extracting(Plan.Stop::id).containsExactly("a", "r");
        assertThat(p.routes()).isEmpty();
    }

    @Test
    void webIsBootingWhileNoWebDynoAnswersButSomeAreOnTheirWay() {
        Plan first = Plan.compute("shop", ReconcilerTest.formation(1, "web", 2), List.of(), Map.of(), T);
        assertThat(first.routes()).isEmpty();
        assertThat(first.webBooting()).as("web dynos started by this plan").isTrue();

        Plan starting = Plan.compute("shop", ReconcilerTest.formation(1, "web", 1), List.of(web("a", 1, 1, false)), Map.of(), T);
        assertThat(starting.starts()).isEmpty();
        assertThat(starting.webBooting()).as("a web dyno starting").isTrue();

        Plan up = Plan.compute("shop", ReconcilerTest.formation(1, "web", 2), List.of(web("a", 1, 1, true)), Map.of(), T);
        assertThat(up.webBooting()).as("one answers already").isFalse();

        Plan crashed = Plan.compute("shop", ReconcilerTest.formation(1, "web", 1), List.of(), Map.of("web.1", T.plusSeconds(10)), T);
        assertThat(crashed.webBooting()).as("the only web dyno waits for its restart").isFalse();

        Plan workers = Plan.compute("shop", ReconcilerTest.formation(1, "worker", 1), List.of(), Map.of(), T);
        assertThat(workers.webBooting()).isFalse();
    }

    @Test
    void oldReleaseStartingDoesNotCountAsBooting() {
        Plan p = Plan.compute("shop", ReconcilerTest.formation(2, "web", 0), List.of(web("old", 1, 1, false)), Map.of(), T);
        assertThat(p.webBooting()).isFalse();
    }

    static Plan.Live replaced(Plan.Live d) {
        return new Plan.Live(d.id(), d.name(), d.release(), d.up(), d.stopping(), d.oneOff(), d.startedAt(), d.endpoint(), true);
    }

    static Plan.Live at(Plan.Live d, int port) {
        return new Plan.Live(d.id(), d.name(), d.release(), d.up(), d.stopping(), d.oneOff(), d.startedAt(),
                new Endpoint("127.0.0.1", port), d.replaced());
    }

    @Test
    void restartedWebDynosKeepTheirTrafficUntilEveryReplacementAnswersThenGoForRestart() {
        Plan.Live o1 = replaced(web("o1", 1, 1, true));
        Plan.Live o2 = replaced(web("o2", 2, 1, true));
        Plan first = Plan.compute("shop", ReconcilerTest.formation(1, "web", 2), List.of(o1, o2), Map.of(), T);
        assertThat(first.starts()).containsExactly("web.1", "web.2");
        assertThat(first.stops()).isEmpty();
        assertThat(first.routes()).extracting(Backend::port).containsExactly(5101, 5102);
        assertThat(first.webBooting()).isFalse();

        Plan.Live n1 = at(web("n1", 1, 1, true), 6101);
        Plan.Live n2 = at(web("n2", 2, 1, false), 6102);
        Plan half = Plan.compute("shop", ReconcilerTest.formation(1, "web", 2), List.of(o1, o2, n1, n2), Map.of(), T);
        assertThat(half.starts()).isEmpty();
        assertThat(half.stops()).isEmpty();
        assertThat(half.routes()).as("one dyno per name until the switch").extracting(Backend::port).containsExactly(5101, 5102);

        Plan.Live n2up = at(web("n2", 2, 1, true), 6102);
        Plan switched = Plan.compute("shop", ReconcilerTest.formation(1, "web", 2), List.of(o1, o2, n1, n2up), Map.of(), T);
        assertThat(switched.stops()).extracting(Plan.Stop::id, Plan.Stop::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("o1", Plan.Reason.RESTART), org.assertj.core.groups.Tuple.tuple("o2", Plan.Reason.RESTART));
        assertThat(switched.routes()).extracting(Backend::port).containsExactly(6101, 6102);
    }

    @Test
    void restartOfOneWebDynoLeavesTheOthersInTheRoute() {
        Plan.Live w1 = web("a", 1, 1, true);
        Plan.Live w2 = replaced(web("b", 2, 1, true));
        Plan.Live w3 = web("c", 3, 1, true);
        Plan p = Plan.compute("shop", ReconcilerTest.formation(1, "web", 3), List.of(w1, w2, w3), Map.of(), T);
        assertThat(p.starts()).containsExactly("web.2");
        assertThat(p.routes()).extracting(Backend::dyno).containsExactly("web.1", "web.2", "web.3");
        assertThat(p.routes()).extracting(Backend::port).containsExactly(5101, 5102, 5103);
    }

    @Test
    void overlappingDeploysRouteBothOlderGenerationsOfANameAtTheirOwnAddressesNeverTheSameBackendTwice() {
        // v1 serves; v2 came up for web.1 only when v3 was released.
        Plan.Live v1 = web("v1", 1, 1, true);
        Plan.Live v2 = web("v2", 1, 2, true);
        Plan.Live v3 = web("v3", 1, 3, false);
        Plan p = Plan.compute("shop", ReconcilerTest.formation(3, "web", 1), List.of(v1, v2, v3), Map.of(), T);
        assertThat(p.routes()).extracting(Backend::dyno, Backend::port).containsExactly(
                org.assertj.core.groups.Tuple.tuple("web.1", 5101), org.assertj.core.groups.Tuple.tuple("web.1", 5201));

        // A runtime that listed one address for two dynos (a record lost and found again) routes it once.
        Plan.Live twin = at(web("v1b", 1, 1, true), 5101);
        Plan once = Plan.compute("shop", ReconcilerTest.formation(3, "web", 1), List.of(v1, twin, v3), Map.of(), T);
        assertThat(once.routes()).extracting(Backend::port).containsExactly(5101);
    }
}
