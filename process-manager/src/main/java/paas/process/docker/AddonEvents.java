package paas.process.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.process.addons.AddonEventListener;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Follows the engine's events for this platform's add-on containers: a {@code die} is told as
 * {@link AddonEventListener.Kind#CRASHED} (with the exit code), a {@code start} after a die as
 * {@link AddonEventListener.Kind#RESTARTED}.
 *
 * <p>The engine restarts a dead add-on container itself (restart policy {@code unless-stopped}).
 * Should it not (an engine that does not apply the policy to a process killed from the host),
 * the container is started here, {@link #RESTART_CHECK} after its death, unless it was stopped or
 * killed through the engine (an operator's {@code docker stop}) or is being removed.
 *
 * <p>The event stream is followed on a platform thread and opened again, a second later, when it
 * breaks (the engine restarted), from the time of the last event seen, so no event is told twice
 * and none of the engine's buffer is lost. Listeners are called on that thread, one after the
 * other. Thread-safe.
 */
final class AddonEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AddonEvents.class);
    /** How long after a death the engine is given to restart the container before it is started here. */
    static final Duration RESTART_CHECK = Duration.ofSeconds(3);
    /** How long {@link #start} waits for the stream to be open, so that nothing after it is missed. */
    private static final Duration OPEN_PATIENCE = Duration.ofSeconds(5);
    private static final Duration REOPEN_DELAY = Duration.ofSeconds(1);
    /** How long a kill or stop through the engine marks the death that follows it as intended. */
    private static final Duration INTENDED_DEATH = Duration.ofSeconds(60);

    private final DockerClient docker;
    private final URI engine;
    private final String platform;
    /** True for an add-on id that is being removed: its death is neither told nor repaired. */
    private final Predicate<String> retiring;
    private final List<AddonEventListener> listeners = new CopyOnWriteArrayList<>();
    /** Containers that died and were not started since. */
    private final Set<String> dead = ConcurrentHashMap.newKeySet();
    /** Containers killed or stopped through the engine, and when. */
    private final Map<String, Instant> stoppedThroughEngine = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Engine time (ns since the epoch) of the last event handled; a reopened stream starts there. */
    private final AtomicLong lastEventNanos = new AtomicLong();
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("addon-restart-check").factory());
    private volatile ResultCallback.Adapter<Event> current;

    AddonEvents(DockerClient docker, URI engine, String platform, Predicate<String> retiring) {
        this.docker = docker;
        this.engine = engine;
        this.platform = platform;
        this.retiring = retiring;
    }

    AutoCloseable subscribe(AddonEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Starts following, once (later calls return at once). The stream starts at the time of this
     * call, so a death after it is seen even if the stream opens later; an engine that does not
     * answer is asked again every second.
     */
    void start() {
        if (started.compareAndSet(false, true)) {
            lastEventNanos.set(nanos(Instant.now()));
            Thread.ofPlatform().daemon().name("addon-events-" + platform).start(this::follow);
        }
    }

    /** Waits (a few seconds at most) until the stream is open; false if it is not (yet). */
    boolean awaitOpen() throws InterruptedException {
        return opened.await(OPEN_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void follow() {
        while (closing.getCount() > 0) {
            ResultCallback.Adapter<Event> stream = new ResultCallback.Adapter<>() {
                @Override
                public void onStart(java.io.Closeable c) {
                    super.onStart(c);
                    opened.countDown();
                }

                @Override
                public void onNext(Event e) {
                    handleQuietly(e);
                }

                @Override
                public void onError(Throwable t) {
                    // The engine is away (or went away): the loop opens the stream again. The
                    // adapter's own onError would log a stack trace at ERROR every second.
                    log.debug("add-on events: stream failed: {}", t.toString());
                    try {
                        close();
                    } catch (java.io.IOException ignored) {
                        // closing a broken stream
                    }
                }
            };
            current = stream;
            try {
                long since = lastEventNanos.get();
                Engine.call(engine, () -> docker.eventsCmd()
                        .withSince(since / 1_000_000_000L + "." + String.format("%09d", since % 1_000_000_000L))
                        .withEventTypeFilter(EventType.CONTAINER)
                        .withEventFilter("die", "start", "kill", "stop")
                        .withLabelFilter(Labels.ADDON, Labels.PLATFORM + "=" + platform)
                        .exec(stream));
                stream.awaitCompletion();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.debug("add-on events: stream ended: {}", e.toString());
            }
            try {
                if (closing.await(REOPEN_DELAY.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void handleQuietly(Event e) {
        try {
            Long at = e.getTimeNano();
            if (at != null) {
                // A reopened stream starts at the second of the last event: skip what was handled.
                if (at <= lastEventNanos.get()) {
                    return;
                }
                lastEventNanos.set(at);
            }
            handle(e);
        } catch (RuntimeException ex) {
            log.warn("add-on events: could not handle {} of {}: {}", e.getAction(), e.getId(), ex.toString());
        }
    }

    private void handle(Event e) {
        Map<String, String> attributes = e.getActor() == null || e.getActor().getAttributes() == null ? Map.of()
                : e.getActor().getAttributes();
        String addonId = attributes.get(Labels.ADDON);
        String container = e.getId() != null ? e.getId() : e.getActor() == null ? null : e.getActor().getId();
        String action = e.getAction() != null ? e.getAction() : e.getStatus();
        if (addonId == null || container == null || action == null) {
            return;
        }
        switch (action) {
            case "kill", "stop" -> stoppedThroughEngine.put(container, Instant.now());
            case "die" -> {
                if (retiring.test(addonId)) {
                    return;
                }
                dead.add(container);
                String code = attributes.getOrDefault("exitCode", "?");
                Instant stopped = stoppedThroughEngine.remove(container);
                boolean intended = stopped != null && stopped.plus(INTENDED_DEATH).isAfter(Instant.now());
                log.info("add-on {} ({}) died with exit code {}{}", attributes.get(Labels.ADDON_NAME),
                        Containers.shortId(container), code, intended ? ", stopped through the engine" : "");
                tell(addonId, AddonEventListener.Kind.CRASHED, "exit " + code);
                if (!intended) {
                    checks.schedule(() -> restartIfLeftDead(addonId, container), RESTART_CHECK.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
            case "start" -> {
                if (dead.remove(container) && !retiring.test(addonId)) {
                    log.info("add-on {} ({}) runs again", attributes.get(Labels.ADDON_NAME), Containers.shortId(container));
                    tell(addonId, AddonEventListener.Kind.RESTARTED, "started again");
                }
            }
            default -> {
                // filtered out by the stream
            }
        }
    }

    private void restartIfLeftDead(String addonId, String container) {
        if (!dead.contains(container) || retiring.test(addonId) || closing.getCount() == 0) {
            return;
        }
        try {
            InspectContainerResponse.ContainerState state = Engine.call(engine,
                    () -> docker.inspectContainerCmd(container).exec().getState());
            if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())
                    || !"exited".equals(state.getStatus())) {
                return; // restarted by the engine, or on its way, or being removed
            }
            log.warn("add-on container {} exited (code {}) and the engine did not restart it: starting it",
                    Containers.shortId(container), state.getExitCodeLong());
            Engine.run(engine, () -> docker.startContainerCmd(container).exec());
        } catch (NotFoundException gone) {
            dead.remove(container);
        } catch (RuntimeException e) {
            log.warn("add-on container {} is down and could not be started: {}", Containers.shortId(container),
                    e.toString());
        }
    }

    private void tell(String addonId, AddonEventListener.Kind kind, String detail) {
        for (AddonEventListener l : listeners) {
            try {
                l.on(addonId, kind, detail);
            } catch (RuntimeException e) {
                log.warn("add-on event listener failed on {} {}: {}", kind, addonId, e.toString());
            }
        }
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public void close() {
        closing.countDown();
        checks.shutdownNow();
        ResultCallback.Adapter<Event> stream = current;
        if (stream != null) {
            try {
                stream.close();
            } catch (java.io.IOException | RuntimeException e) {
                // already ended
            }
        }
    }
}
