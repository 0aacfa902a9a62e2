package paas.router.proxy;

import org.junit.jupiter.api.Test;
import paas.router.Backend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerTest {
    static final Backend A = new Backend("web.1", "10.0.0.1", 5000);
    static final Backend B = new Backend("web.2", "10.0.0.2", 5000);
    static final Backend C = new Backend("web.3", "10.0.0.3", 5000);
    static final List<Backend> ALL = List.of(A, B, C);

    final AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may well be negative
    final Balancer balancer = new Balancer(new Random(1)::nextLong, now::get, 1_000_000_000L);

    @Test
    void ofTwoChoicesTheLessLoadedWinsSoTheBusiestDynoIsNeverPicked() {
        List<Balancer.Load> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(balancer.pick(List.of(A), Set.of()));
        }
        Map<Backend, Integer> picks = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            Balancer.Load l = balancer.pick(ALL, Set.of());
            picks.merge(l.backend, 1, Integer::sum);
            l.done();
        }
        assertThat(picks).doesNotContainKey(A).containsKeys(B, C);
        assertThat(picks.get(B)).isBetween(100, 200);
        held.forEach(Balancer.Load::done);
    }

    @Test
    void outstandingRequestsSpreadEvenly() {
        Map<Backend, Integer> inFlight = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            inFlight.merge(balancer.pick(ALL, Set.of()).backend, 1, Integer::sum);
        }
        assertThat(inFlight.values()).allSatisfy(n -> assertThat(n).isBetween(8, 12));
    }

    @Test
    void triedDynosAreSkippedAndNullMeansNoneLeft() {
        assertThat(balancer.pick(ALL, Set.of(A, B)).backend).isEqualTo(C);
        assertThat(balancer.pick(ALL, Set.of(A, B, C))).isNull();
        assertThat(balancer.pick(List.of(), Set.of())).isNull();
    }

    @Test
    void quarantinedDynoIsAvoidedUntilItsTimeIsUpOrNothingElseIsLeft() {
        balancer.quarantine(A);
        assertThat(balancer.isQuarantined(A)).isTrue();
        for (int i = 0; i < 50; i++) {
            Balancer.Load l = balancer.pick(ALL, Set.of());
            assertThat(l.backend).isNotEqualTo(A);
            l.done();
        }
        assertThat(balancer.pick(ALL, Set.of(B, C)).backend).as("better a suspect dyno than none").isEqualTo(A);
        now.addAndGet(1_000_000_001L);
        assertThat(balancer.isQuarantined(A)).isFalse();
    }

    @Test
    void sweepForgetsIdleDynosButNotBusyOnes() {
        Balancer.Load busy = balancer.pick(List.of(A), Set.of());
        balancer.pick(List.of(B), Set.of()).done();
        now.addAndGet(10_000_000_000L);
        balancer.sweep(1_000_000_000L);
        assertThat(balancer.tracked()).isEqualTo(1);
        assertThat(busy.outstanding()).isEqualTo(1);
    }
}
