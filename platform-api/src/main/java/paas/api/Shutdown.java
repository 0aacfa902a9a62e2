package paas.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How paasd stops, in a bounded time. The first SIGTERM (or SIGINT) exits the JVM, which runs the
 * orderly stop as a shutdown hook. A second signal, or the bound passing while the orderly stop
 * still runs, forces the stop: the force action (SIGKILL to local dynos) and then
 * {@link Runtime#halt}, so nothing that hangs (a stuck request, a stuck thread) can keep paasd
 * alive.
 *
 * <p>The JVM's own SIGTERM handler ignores a second signal while its hooks run, hence
 * {@code sun.misc.Signal}, the one supported way to see it (module jdk.unsupported). Each signal
 * is handled on a thread of its own, so the second is seen while the first waits in
 * {@link System#exit}.
 */
final class Shutdown {
    /** What the orderly stop needs on top of the stop grace: API requests, closing the store. */
    static final Duration MARGIN = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger("paasd");

    private final Duration bound;
    private final Runnable orderly;
    private final Runnable force;
    private final AtomicBoolean stopping = new AtomicBoolean();

    /**
     * @param bound   how long the orderly stop may take before it is forced
     * @param orderly the orderly stop; runs once, on the shutdown hook's thread
     * @param force   the last resort before halting; must not block
     */
    Shutdown(Duration bound, Runnable orderly, Runnable force) {
        this.bound = Objects.requireNonNull(bound, "bound");
        this.orderly = Objects.requireNonNull(orderly, "orderly");
        this.force = Objects.requireNonNull(force, "force");
    }

    /** Installs the signal handlers and the shutdown hook. Call once. */
    void install() {
        Signal.handle(new Signal("TERM"), this::signalled);
        Signal.handle(new Signal("INT"), this::signalled);
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "paasd-shutdown"));
    }

    private void signalled(Signal signal) {
        if (stopping.compareAndSet(false, true)) {
            // As the JVM's own handler does: the hooks run, the status says which signal.
            System.exit(128 + signal.getNumber());
        } else {
            forceNow("a second SIG" + signal.getName() + " during the stop");
        }
    }

    private void stop() {
        stopping.set(true);
        Thread watchdog = Thread.ofPlatform().daemon().name("paasd-stop-bound").start(() -> {
            try {
                Thread.sleep(bound);
                forceNow("the stop took longer than " + bound.toSeconds() + " s (PAAS_STOP_GRACE_SECONDS + "
                        + MARGIN.toSeconds() + " s)");
            } catch (InterruptedException e) {
                // the orderly stop finished in time
            }
        });
        try {
            orderly.run();
        } finally {
            watchdog.interrupt();
        }
    }

    private void forceNow(String why) {
        log.warn("{}: forcing the stop (SIGKILL to local dynos, no clean close of the store)", why);
        try {
            force.run();
        } catch (RuntimeException e) {
            log.warn("forcing the stop: {}", e.toString());
        }
        Runtime.getRuntime().halt(1);
    }
}
