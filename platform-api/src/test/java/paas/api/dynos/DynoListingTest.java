package paas.api.dynos;

import org.junit.jupiter.api.Test;
import paas.process.Dyno;
import paas.process.DynoState;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Heroku lists each dyno name once, also while a rolling restart replaces it. */
class DynoListingTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void duringARollingRestartEachNameIsListedOnceTheNewOneWhenUp() {
        Dyno old = dyno("web.1", DynoState.UP, 0, "old");
        Dyno booting = dyno("web.1", DynoState.STARTING, 5, "new");
        Dyno other = dyno("web.2", DynoState.UP, 0, "two");
        assertThat(DynoListing.visible(List.of(old, booting, other), List.of()))
                .as("the replacement still boots: the old one").containsExactly(old, other);

        Dyno up = dyno("web.1", DynoState.UP, 8, "new");
        assertThat(DynoListing.visible(List.of(old, up), List.of())).as("both up: the newer").containsExactly(up);

        Dyno stopping = dyno("web.1", DynoState.DOWN, 9, "old");
        assertThat(DynoListing.visible(List.of(stopping, up), List.of())).containsExactly(up);
        assertThat(DynoListing.visible(List.of(up, stopping), List.of())).as("in either order").containsExactly(up);
        assertThat(DynoListing.visible(List.of(stopping, booting), List.of())).as("neither up: the old one")
                .containsExactly(stopping);
    }

    @Test
    void aOneOffWaitingForItsClientIsListedUntilTheProcessManagerHasIt() {
        Dyno waiting = new Dyno("app", "run.1234", 3, "bash", "standard-1x", DynoState.STARTING, T0, null, null,
                null, true);
        Dyno web = dyno("web.1", DynoState.UP, 0, "w");
        assertThat(DynoListing.visible(List.of(web), List.of(waiting))).containsExactly(waiting, web);

        Dyno running = new Dyno("app", "run.1234", 3, "bash", "standard-1x", DynoState.UP, T0.plusSeconds(1), null,
                null, "c1", true);
        assertThat(DynoListing.visible(List.of(running, web), List.of(waiting))).containsExactly(running, web);
    }

    private static Dyno dyno(String name, DynoState state, int secondsLater, String id) {
        return new Dyno("app", name, 3, "serve", "standard-1x", state, T0.plusSeconds(secondsLater), null, null, id,
                false);
    }
}
