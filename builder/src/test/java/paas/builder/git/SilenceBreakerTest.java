package paas.builder.git;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SilenceBreakerTest {
    private static final String KEEP_ALIVE = "0005\u0001";

    @Test
    void silenceGetsWholeEmptyDataPackets() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (SilenceBreaker silence = SilenceBreaker.start(raw, Duration.ofMillis(50))) {
            Thread.sleep(400);
            assertThat(keepAlives(raw)).as("about one per 50 ms of silence").isBetween(2, 9);
            silence.write(() -> raw.write("LINE".getBytes(StandardCharsets.US_ASCII)));
        }
        int closedWith = keepAlives(raw);
        Thread.sleep(200);
        assertThat(keepAlives(raw)).as("none after close").isEqualTo(closedWith);
        assertThat(text(raw).replace(KEEP_ALIVE, "")).as("only whole packets besides the line").isEqualTo("LINE");
    }

    @Test
    void linesKeepTheResponseAliveWithoutKeepAlives() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (SilenceBreaker silence = SilenceBreaker.start(raw, Duration.ofMillis(500))) {
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until) {
                silence.write(() -> raw.write('.'));
                Thread.sleep(5);
            }
        }
        assertThat(keepAlives(raw)).isZero();
    }

    private static String text(ByteArrayOutputStream raw) {
        synchronized (raw) {
            return raw.toString(StandardCharsets.US_ASCII);
        }
    }

    private static int keepAlives(ByteArrayOutputStream raw) {
        String s = text(raw);
        return (s.length() - s.replace(KEEP_ALIVE, "").length()) / KEEP_ALIVE.length();
    }
}
