package paas.api;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RuntimeChoiceTest {
    final AtomicInteger pings = new AtomicInteger();

    @Test
    void unsetPicksDockerWhenTheEngineAnswersAndWaitsForItOtherwise() {
        assertThat(RuntimeChoice.of(Optional.empty(), () -> ping(true))).isEqualTo(RuntimeChoice.DOCKER);
        assertThat(RuntimeChoice.of(Optional.empty(), () -> ping(false))).isEqualTo(RuntimeChoice.DOCKER_ONCE_ENGINE_ANSWERS);
        assertThat(pings).hasValue(2);
    }

    @Test
    void aConfiguredRuntimeIsUsedWithoutAskingTheEngine() {
        assertThat(RuntimeChoice.of(Optional.of("docker"), () -> ping(false))).isEqualTo(RuntimeChoice.DOCKER);
        assertThat(RuntimeChoice.of(Optional.of("local"), () -> ping(true))).isEqualTo(RuntimeChoice.LOCAL);
        assertThat(pings).hasValue(0);
    }

    private boolean ping(boolean answers) {
        pings.incrementAndGet();
        return answers;
    }
}
