package paas.api.addons;

import paas.process.RuntimeUnavailableException;
import paas.process.addons.AddonContainer;
import paas.process.addons.AddonContainerSpec;
import paas.process.addons.AddonDataMissingException;
import paas.process.addons.AddonEventListener;
import paas.process.addons.AddonRuntime;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An add-on runtime in memory, for unit tests of the platform's logic only (the real one is
 * DockerAddonRuntime, exercised by AddonsIT): containers are entries, readiness is a switch, and
 * the engine can be made to be down.
 */
class MemoryAddonRuntime implements AddonRuntime {
    record Entry(AddonContainerSpec spec, String containerId, Set<String> apps) {
    }

    final Map<String, Entry> containers = new ConcurrentHashMap<>();
    /** The add-ons whose data volume exists. */
    final Set<String> volumes = ConcurrentHashMap.newKeySet();
    final List<String> removedWithData = new CopyOnWriteArrayList<>();
    final List<AddonEventListener> listeners = new CopyOnWriteArrayList<>();
    volatile boolean ready = true;
    volatile boolean engineDown;
    volatile int creates;

    @Override
    public AddonContainer ensure(AddonContainerSpec spec, DataVolume volume) {
        up();
        Entry entry = containers.computeIfAbsent(spec.addonId(), id -> {
            if (!volumes.contains(id) && volume == DataVolume.EXISTING) {
                throw new AddonDataMissingException(id, "paas-addon-" + spec.name());
            }
            volumes.add(id);
            creates++;
            return new Entry(spec, UUID.randomUUID().toString().replace("-", ""), ConcurrentHashMap.newKeySet());
        });
        return view(entry);
    }

    @Override
    public boolean awaitReady(String addonId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            up();
            entry(addonId); // as the engine's: no container, no waiting
            if (ready) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void attach(String addonId, String app) {
        up();
        entry(addonId).apps().add(app);
    }

    @Override
    public void detach(String addonId, String app) {
        up();
        Entry entry = containers.get(addonId);
        if (entry != null) {
            entry.apps().remove(app);
        }
    }

    @Override
    public Optional<AddonContainer> find(String addonId) {
        up();
        return Optional.ofNullable(containers.get(addonId)).map(MemoryAddonRuntime::view);
    }

    @Override
    public List<AddonContainer> list() {
        up();
        return new ArrayList<>(containers.values().stream().map(MemoryAddonRuntime::view).toList());
    }

    @Override
    public void remove(String addonId, boolean purgeData) {
        up();
        if (containers.remove(addonId) != null && purgeData) {
            removedWithData.add(addonId);
        }
        if (purgeData) {
            volumes.remove(addonId);
        }
    }

    /** As an operator's {@code docker rm -f} and {@code docker volume rm} behind the platform's back. */
    void loseData(String addonId) {
        containers.remove(addonId);
        volumes.remove(addonId);
    }

    @Override
    public int exec(String addonId, List<String> command, InputStream stdin, OutputStream stdout, OutputStream stderr)
            throws InterruptedException {
        throw new UnsupportedOperationException("not used by these tests");
    }

    @Override
    public AutoCloseable onEvent(AddonEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
    }

    Entry entry(String addonId) {
        Entry entry = containers.get(addonId);
        if (entry == null) {
            throw new IllegalStateException("no container for add-on " + addonId);
        }
        return entry;
    }

    private void up() {
        if (engineDown) {
            throw new RuntimeUnavailableException("the engine is down (test)", null);
        }
    }

    private static AddonContainer view(Entry e) {
        return new AddonContainer(e.spec().addonId(), e.spec().name(), e.spec().kind(), e.containerId(), true,
                new LinkedHashSet<>(e.apps()));
    }
}
