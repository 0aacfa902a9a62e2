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
 * @param routeDrain   how long a web dyno that has left the route table keeps running before its
 *                     SIGTERM, so requests the router sent it just before finish (0 = at once,
 *                     the default; paasd sets a short drain)
 */
public record ReconcilerConfig(Duration tick, Duration bootTimeout, Duration stopGrace, Backoff backoff,
                               Duration routeDrain) {
    public ReconcilerConfig {
        positive("tick", tick);
        positive("bootTimeout", bootTimeout);
        positive("stopGrace", stopGrace);
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(routeDrain, "routeDrain");
        if (routeDrain.isNegative()) {
            throw new IllegalArgumentException("routeDrain must not be negative, got " + routeDrain);
        }
    }

    public static ReconcilerConfig defaults() {
        return new ReconcilerConfig(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(30),
                Backoff.defaults(), Duration.ZERO);
    }

    public ReconcilerConfig withTick(Duration d) {
        return new ReconcilerConfig(d, bootTimeout, stopGrace, backoff, routeDrain);
    }

    public ReconcilerConfig withBootTimeout(Duration d) {
        return new ReconcilerConfig(tick, d, stopGrace, backoff, routeDrain);
    }

    public ReconcilerConfig withStopGrace(Duration d) {
        return new ReconcilerConfig(tick, bootTimeout, d, backoff, routeDrain);
    }

    public ReconcilerConfig withBackoff(Backoff b) {
        return new ReconcilerConfig(tick, bootTimeout, stopGrace, b, routeDrain);
    }

    public ReconcilerConfig withRouteDrain(Duration d) {
        return new ReconcilerConfig(tick, bootTimeout, stopGrace, backoff, d);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
