package paas.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.addons.ExecTerminal;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A runtime whose engine did not answer yet: until it does, every call that would touch a dyno
 * throws {@link RuntimeUnavailableException} with the fix, so the {@link Reconciler} reports it
 * once, starts nothing, and tries again; once a check finds the engine answering, every call goes
 * to the target runtime, for good.
 *
 * <p>It never runs a dyno anywhere else meanwhile: dynos started elsewhere (local processes) would
 * run a second time once the engine is back with the app's containers, and could not be moved
 * into it. Exit listeners are subscribed to the target at once, so none is lost by the switch.
 *
 * <p>Thread-safe. {@link #checkNow()} runs one check on the calling thread;
 * {@link #checkEvery(Duration)} checks on a thread of its own until the engine answers.
 */
public final class AwaitedRuntime implements Runtime {
    private static final Logger log = LoggerFactory.getLogger(AwaitedRuntime.class);

    private final Runtime target;
    private final BooleanSupplier answers;
    private final String waiting;
    private final String switched;
    private volatile boolean ready;
    private ScheduledExecutorService checks;

    /**
     * @param target   the runtime to use once its engine answers
     * @param answers  one check of the engine; true when it answers (must not throw)
     * @param waiting  why calls fail meanwhile, with the fix; the message of every exception
     * @param switched what to log once the engine answers
     */
    public AwaitedRuntime(Runtime target, BooleanSupplier answers, String waiting, String switched) {
        this.target = Objects.requireNonNull(target, "target");
        this.answers = Objects.requireNonNull(answers, "answers");
        this.waiting = Objects.requireNonNull(waiting, "waiting");
        this.switched = Objects.requireNonNull(switched, "switched");
    }

    /** Checks the engine once, unless it already answered; answers whether calls now reach the target. */
    public synchronized boolean checkNow() {
        if (!ready && answers.getAsBoolean()) {
            ready = true;
            log.info(switched);
            if (checks != null) {
                checks.shutdown();
            }
        }
        return ready;
    }

    /** Checks every {@code every} on a daemon thread until the engine answers (or {@link #close()}). */
    public synchronized void checkEvery(Duration every) {
        if (ready || checks != null) {
            return;
        }
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "engine-check");
            t.setDaemon(true);
            return t;
        });
        checks.scheduleWithFixedDelay(this::checkNow, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean ready() {
        return ready;
    }

    private Runtime target() {
        if (!ready) {
            throw new RuntimeUnavailableException(waiting, null);
        }
        return target;
    }

    /** The target's name, marked while its engine has not answered yet. */
    @Override
    public String name() {
        return ready ? target.name() : target.name() + "-awaiting-engine";
    }

    @Override
    public DynoHandle start(DynoSpec spec) {
        return target().start(spec);
    }

    @Override
    public void signal(String dynoId, Signal signal) {
        target().signal(dynoId, signal);
    }

    @Override
    public List<DynoHandle> list() {
        return target().list();
    }

    @Override
    public void remove(String dynoId) {
        target().remove(dynoId);
    }

    @Override
    public AutoCloseable onExit(ExitListener listener) {
        return target.onExit(listener);
    }

    @Override
    public int run(OneOffSpec spec, InputStream stdin, OutputStream stdout, OutputStream stderr) throws InterruptedException {
        return target().run(spec, stdin, stdout, stderr);
    }

    @Override
    public int run(OneOffSpec spec, ExecTerminal terminal, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws InterruptedException {
        return target().run(spec, terminal, stdin, stdout, stderr);
    }

    @Override
    public void forgetApp(String app) {
        target().forgetApp(app);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (checks != null) {
                checks.shutdownNow();
            }
        }
        target.close();
    }
}
