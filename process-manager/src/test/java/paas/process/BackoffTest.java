package paas.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {
    @Test
    void sequenceIsZeroThenDoublingFromBaseCappedAtTwentyMinutes() {
        Backoff b = Backoff.defaults();
        assertThat(IntStream.rangeClosed(1, 10).mapToObj(b::delayAfter).map(Duration::toSeconds).toList())
                .containsExactly(0L, 10L, 20L, 40L, 80L, 160L, 320L, 640L, 1200L, 1200L);
        assertThat(b.delayAfter(1_000_000)).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void capBelowBaseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .hasMessageContaining("0 < base <= cap");
    }
}
