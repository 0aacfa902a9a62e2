package paas.api.http;

import org.junit.jupiter.api.Test;
import paas.api.prepare.PreparationState;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class HealthViewTest {
    final Json json = new Json();

    String health(Optional<PreparationState> stack) {
        return new String(json.write(Views.Health.of(stack)), StandardCharsets.UTF_8);
    }

    @Test
    void healthShowsTheBuildStacksStateAndItsCountWhileCounted() {
        assertThat(health(Optional.of(new PreparationState.Running(3, 21, "stack-build Step 3/23 : COPY a b"))))
                .isEqualTo("{\"status\":\"ok\",\"build_stack\":{\"state\":\"running\",\"step\":3,\"steps\":21}}");
        assertThat(health(Optional.of(new PreparationState.Running(0, 0, "starting the Docker engine"))))
                .isEqualTo("{\"status\":\"ok\",\"build_stack\":{\"state\":\"running\"}}");
        assertThat(health(Optional.of(new PreparationState.Ready())))
                .isEqualTo("{\"status\":\"ok\",\"build_stack\":{\"state\":\"ready\"}}");
        assertThat(health(Optional.empty())).isEqualTo("{\"status\":\"ok\",\"build_stack\":{\"state\":\"off\"}}");
    }

    @Test
    void aFailuresReasonStaysOutOfTheUnauthenticatedHealth() {
        assertThat(health(Optional.of(new PreparationState.Failed("run `sudo /srv/paas/deploy/docker/ensure-engine.sh`"))))
                .isEqualTo("{\"status\":\"ok\",\"build_stack\":{\"state\":\"failed\"}}");
    }
}
