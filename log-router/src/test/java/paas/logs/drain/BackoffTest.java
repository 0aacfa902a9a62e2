package paas.logs.drain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void doublesUpToTheCapAndStartsOverAfterReset() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));
        assertThat(Stream.generate(b::next).limit(7).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(100));
    }
}
