package paas.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LifecycleTimersTest {
    final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    final List<String> log = new ArrayList<>();
    final List<DynoEvent> events = new ArrayList<>();
    final List<Duration> passesAskedIn = new ArrayList<>();
    final ReconcilerConfig config = ReconcilerConfig.defaults().withRouteDrain(Duration.ofSeconds(5));
    boolean ready;
    final LifecycleTimers timers = new LifecycleTimers(new FakeRuntime(java.time.Clock.systemUTC(), log), config,
            h -> ready, new DynoEvents(events::add), passesAskedIn::add);

    TrackedDyno web(DynoState state) {
        Endpoint ep = new Endpoint("127.0.0.1", 20001);
        TrackedDyno t = new TrackedDyno(new DynoHandle("id1", "shop", 1, "web.1", "cmd", "standard-1x", false, t0, ep, ep,
                null), state, t0);
        t.bootDeadline = timers.bootDeadline(t0);
        return t;
    }

    @Test
    void aRoutedWebDynoGetsTermAfterTheDrainAndKillAfterTheGrace() {
        TrackedDyno t = web(DynoState.UP);
        timers.stop(t, t0);
        assertThat(log).isEmpty();
        assertThat(passesAskedIn).containsExactly(Duration.ofSeconds(5));

        timers.checkStopping(List.of(t), t0.plusSeconds(4));
        assertThat(log).isEmpty();
        timers.checkStopping(List.of(t), t0.plusSeconds(5));
        assertThat(log).containsExactly("TERM id1");
        timers.checkStopping(List.of(t), t0.plusSeconds(34));
        assertThat(log).containsExactly("TERM id1");
        timers.checkStopping(List.of(t), t0.plusSeconds(35));
        assertThat(log).containsExactly("TERM id1", "KILL id1");
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("Stopping", "Killed");
    }

    @Test
    void aBootingDynoIsStoppedWithoutDrain() {
        TrackedDyno t = web(DynoState.STARTING);
        timers.stop(t, t0);
        assertThat(log).containsExactly("TERM id1");
        assertThat(passesAskedIn).isEmpty();
    }

    @Test
    void aWebDynoThatDoesNotAnswerWithinTheBootTimeoutIsKilled() {
        TrackedDyno t = web(DynoState.STARTING);
        timers.checkStarting(List.of(t), t0.plusSeconds(59));
        assertThat(log).isEmpty();
        timers.checkStarting(List.of(t), t0.plusSeconds(60));
        assertThat(log).containsExactly("KILL id1");
        assertThat(t.bootTimedOut).isTrue();
        assertThat(t.live().stopping()).isFalse(); // it holds its slot until its exit counts as a crash
    }

    @Test
    void aWebDynoThatAnswersIsUp() {
        TrackedDyno t = web(DynoState.STARTING);
        ready = true;
        timers.checkStarting(List.of(t), t0.plusSeconds(1));
        assertThat(t.state).isEqualTo(DynoState.UP);
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("Up");
    }
}
