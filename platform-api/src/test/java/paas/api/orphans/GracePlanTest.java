package paas.api.orphans;

import org.junit.jupiter.api.Test;
import paas.api.domain.Orphan;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GracePlanTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Duration GRACE = Duration.ofHours(24);
    static final Set<Orphan.Kind> BOTH = EnumSet.allOf(Orphan.Kind.class);

    static Orphan dyno(String id, Instant seen) {
        return new Orphan(Orphan.Kind.DYNO, id, "shop", "web.1", seen);
    }

    @Test
    void somethingNewIsRecordedAsSeenNowAndNotDue() {
        GracePlan plan = GracePlan.compute(List.of(dyno("c1", T0)), Map.of(), BOTH, T0, GRACE, true);
        assertThat(plan.newlySeen()).containsExactly(dyno("c1", T0));
        assertThat(plan.current()).containsExactly(dyno("c1", T0));
        assertThat(plan.due()).isEmpty();
        assertThat(plan.accounted()).isEmpty();
    }

    @Test
    void theRememberedFirstSeenCountsNotTheSweepTime() {
        Orphan remembered = dyno("c1", T0);
        Instant justBefore = T0.plus(GRACE).minusSeconds(1);
        GracePlan before = GracePlan.compute(List.of(dyno("c1", justBefore)), Map.of(remembered.key(), remembered),
                BOTH, justBefore, GRACE, true);
        assertThat(before.current()).containsExactly(remembered);
        assertThat(before.newlySeen()).isEmpty();
        assertThat(before.due()).isEmpty();

        Instant atEnd = T0.plus(GRACE);
        GracePlan after = GracePlan.compute(List.of(dyno("c1", atEnd)), Map.of(remembered.key(), remembered),
                BOTH, atEnd, GRACE, true);
        assertThat(after.due()).containsExactly(remembered);
    }

    @Test
    void theSweepAtStartNeverRemovesEvenPastTheGrace() {
        Orphan old = dyno("c1", T0.minus(Duration.ofDays(30)));
        GracePlan plan = GracePlan.compute(List.of(dyno("c1", T0)), Map.of(old.key(), old), BOTH, T0, GRACE, false);
        assertThat(plan.due()).isEmpty();
        assertThat(plan.current()).containsExactly(old);
    }

    @Test
    void whatIsAccountedForAgainIsForgottenAndNeverDue() {
        Orphan remembered = dyno("c1", T0.minus(Duration.ofDays(2)));
        GracePlan plan = GracePlan.compute(List.of(), Map.of(remembered.key(), remembered), BOTH, T0, GRACE, true);
        assertThat(plan.accounted()).containsExactly(remembered);
        assertThat(plan.due()).isEmpty();
        assertThat(plan.current()).isEmpty();
    }

    @Test
    void aKindThatCouldNotBeListedIsNeitherForgottenNorRemoved() {
        Orphan remembered = dyno("c1", T0.minus(Duration.ofDays(2)));
        GracePlan plan = GracePlan.compute(List.of(), Map.of(remembered.key(), remembered),
                EnumSet.of(Orphan.Kind.SLUG), T0, GRACE, true);
        assertThat(plan.accounted()).isEmpty();
        assertThat(plan.due()).isEmpty();
    }

    @Test
    void aClockSetBackDoesNotMakeAnOrphanYoungerThanNow() {
        Orphan fromTheFuture = dyno("c1", T0.plus(Duration.ofDays(3)));
        GracePlan plan = GracePlan.compute(List.of(dyno("c1", T0)), Map.of(fromTheFuture.key(), fromTheFuture),
                BOTH, T0, GRACE, true);
        assertThat(plan.current()).containsExactly(dyno("c1", T0));
        assertThat(plan.due()).isEmpty();
    }
}
