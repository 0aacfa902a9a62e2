package paas.process;

import paas.process.adapter.ExitListeners;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A recording runtime: dynos are entries in a map, exits happen when the test says so, and
 * every call is appended to a log shared with the other recorders of a test (to check order).
 */
final class FakeRuntime implements Runtime {
    final List<String> log;
    final Map<String, DynoHandle> dynos = new LinkedHashMap<>();
    private final Clock clock;
    private int seq;
    Supplier<RuntimeException> listFailure;
    Supplier<RuntimeException> startFailure;
    /** When set, {@link #list()} takes its snapshot and then waits for it: a pass held mid-way, with a stale list. */
    volatile CountDownLatch listGate;
    /** Counted down when a list() waits at the gate. */
    volatile CountDownLatch listWaiting = new CountDownLatch(1);
    private final ExitListeners exits = new ExitListeners("fake");
    private final Map<String, Integer> starts = new HashMap<>();

    FakeRuntime(Clock clock, List<String> log) {
        this.clock = clock;
        this.log = log;
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public synchronized DynoHandle start(DynoSpec spec) {
        if (startFailure != null) {
            throw startFailure.get();
        }
        String id = "id" + (++seq);
        // From the name, not the start order: the reconciler starts a pass's dynos in parallel. A
        // dyno started again under the same name and release (a restart) gets its own port, as a
        // real runtime gives it its own address.
        int generation = starts.merge(spec.name() + " v" + spec.release().version(), 1, Integer::sum) - 1;
        Endpoint ep = spec.web() ? new Endpoint("127.0.0.1", 20000 + generation * 1000
                + (spec.release().version() - 1) * 100 + Names.indexOf(spec.name())) : null;
        DynoHandle h = new DynoHandle(id, spec.app(), spec.release().version(), spec.name(), spec.command(),
                spec.size().name(), spec.oneOff(), clock.instant(), ep, ep, null);
        dynos.put(id, h);
        log.add("start " + spec.app() + " " + spec.name() + " v" + spec.release().version());
        return h;
    }

    @Override
    public synchronized void signal(String dynoId, Signal signal) {
        DynoHandle h = dynos.get(dynoId);
        log.add(signal + " " + (h == null ? dynoId : h.name() + " v" + h.release()));
    }

    @Override
    public List<DynoHandle> list() {
        List<DynoHandle> listed;
        synchronized (this) {
            if (listFailure != null) {
                throw listFailure.get();
            }
            listed = List.copyOf(dynos.values());
        }
        CountDownLatch gate = listGate;
        if (gate != null) {
            listWaiting.countDown();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("list gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return listed;
    }

    @Override
    public synchronized void remove(String dynoId) {
        dynos.remove(dynoId);
    }

    @Override
    public AutoCloseable onExit(ExitListener listener) {
        return exits.add(listener);
    }

    @Override
    public int run(OneOffSpec spec, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }

    /** Adds a dyno as if an earlier platform run had started it. */
    synchronized DynoHandle preexisting(String app, int release, String name, boolean web) {
        String id = "old" + (++seq);
        Endpoint ep = web ? new Endpoint("127.0.0.1", 30000 + seq) : null;
        DynoHandle h = new DynoHandle(id, app, release, name, "cmd", "standard-1x", false, clock.instant(), ep, ep, null);
        dynos.put(id, h);
        return h;
    }

    /** The process of the one running dyno with this name (and release) ends with {@code code}. */
    void exit(String name, int release, int code) {
        DynoHandle ended;
        synchronized (this) {
            ended = running(name, release).exited(code);
            dynos.put(ended.id(), ended);
        }
        // As a runtime reports it, from the thread that saw the exit.
        exits.tell(ended);
    }

    synchronized DynoHandle running(String name, int release) {
        List<DynoHandle> found = dynos.values().stream()
                .filter(d -> d.running() && d.name().equals(name) && d.release() == release).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one running " + name + " v" + release + ", found " + found);
        }
        return found.get(0);
    }

    synchronized List<String> runningNames() {
        List<String> names = new ArrayList<>();
        dynos.values().stream().filter(DynoHandle::running).forEach(d -> names.add(d.name() + " v" + d.release()));
        return names.stream().sorted().toList();
    }
}
