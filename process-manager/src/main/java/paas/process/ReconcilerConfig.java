package paas.process;

import java.time.Duration;
import java.util.Objects;

/**
 * The reconciler's numbers. Defaults are Heroku's (BEHAVIOUR.md "Dynos").
 *
 * @param tick         time between passes when nothing happens (exits and formation changes
 *                     start a pass at once)
 * @param bootTimeout  a web dyno not answering on PORT by then is killed (R10); default 60 s
 * @param stopGrace    time between SIGTERM and SIGKILL (R12); default 30 s
 * @param backoff      crash restart delays
 */
public record ReconcilerConfig(Duration tick, Duration bootTimeout, Duration stopGrace, Backoff backoff) {
    public ReconcilerConfig {
        positive("tick", tick);
        positive("bootTimeout", bootTimeout);
        positive("stopGrace", stopGrace);
        Objects.requireNonNull(backoff, "backoff");
    }

    public static ReconcilerConfig defaults() {
        return new ReconcilerConfig(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(30),
                Backoff.defaults());
    }

    public ReconcilerConfig withTick(Duration d) {
        return new ReconcilerConfig(d, bootTimeout, stopGrace, backoff);
    }

    public ReconcilerConfig withBootTimeout(Duration d) {
        return new ReconcilerConfig(tick, d, stopGrace, backoff);
    }

    public ReconcilerConfig withStopGrace(Duration d) {
        return new ReconcilerConfig(tick, bootTimeout, d, backoff);
    }

    public ReconcilerConfig withBackoff(Backoff b) {
        return new ReconcilerConfig(tick, bootTimeout, stopGrace, b);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
