package paas.logs.router;

import paas.logs.Drain;
import paas.logs.DrainStatus;
import paas.logs.LogLine;
import paas.logs.LogRouter;
import paas.logs.LogRouterConfig;
import paas.logs.Tail;
import paas.logs.TailRequest;
import paas.logs.buffer.AppLog;
import paas.logs.buffer.TailSession;
import paas.logs.drain.DrainSet;
import paas.logs.ingest.TextSplitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;

/**
 * The {@link LogRouter}: history in memory (nothing persists a restart), one virtual thread per
 * drain, no thread per tail (a tail is read on its reader's thread).
 *
 * <p>Memory is bounded by the configuration: per app {@code historyLines} lines, per tail
 * {@code tailBufferLines}, per drain {@code drainBufferLines} plus one batch, each line at
 * most {@code maxLineBytes} of text.
 */
public final class MemoryLogRouter implements LogRouter {
    private final LogRouterConfig config;
    private final Transports transports;
    private final ThreadFactory drainThreads = Thread.ofVirtual().name("drain-", 0).factory();
    private final ConcurrentHashMap<String, AppState> apps = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One app's history, drains and open tails. */
    private final class AppState {
        final AppLog log = new AppLog(config.historyLines());
        final DrainSet drains;
        final Set<TailSession> tails = ConcurrentHashMap.newKeySet();

        AppState(String app) {
            drains = new DrainSet(app, log, transports, config, drainThreads);
        }
    }

    public MemoryLogRouter(LogRouterConfig config) {
        this.config = config;
        this.transports = new Transports(config);
    }

    @Override
    public void publish(LogLine line) {
        if (closed) {
            return;
        }
        AppState state = apps.get(line.app());
        if (state == null) {
            state = apps.computeIfAbsent(line.app(), AppState::new);
        }
        List<String> parts = TextSplitter.split(line.text(), config.maxLineBytes());
        if (parts.size() == 1) {
            state.log.append(parts.get(0) == line.text() ? line : line.withText(parts.get(0)));
        } else {
            List<LogLine> lines = new ArrayList<>(parts.size());
            for (String part : parts) {
                lines.add(line.withText(part));
            }
            state.log.appendAll(lines);
        }
    }

    @Override
    public Tail tail(TailRequest request) {
        TailSession[] opened = new TailSession[1];
        // Opened inside compute so that removeApp cannot slip between finding the app and
        // registering the tail (which would leave a tail nobody ends).
        apps.compute(request.app(), (app, state) -> {
            requireOpen();
            AppState s = state != null ? state : new AppState(app);
            TailSession tail = TailSession.open(s.log, request, config.tailBufferLines(), config.clock(), s.tails::remove);
            if (request.follow()) {
                s.tails.add(tail);
            }
            opened[0] = tail;
            return s;
        });
        return opened[0];
    }

    @Override
    public void setDrains(String app, List<Drain> drains) {
        LogLine.requireAppName(app);
        List<Drain> checked = List.copyOf(drains);
        for (Drain d : checked) {
            config.drainPolicy().check(d.url());
        }
        apps.compute(app, (name, state) -> {
            requireOpen();
            if (state == null && checked.isEmpty()) {
                return null;
            }
            AppState s = state != null ? state : new AppState(name);
            s.drains.set(checked);
            return s;
        });
    }

    @Override
    public List<DrainStatus> drainStatus(String app) {
        AppState state = apps.get(app);
        return state == null ? List.of() : state.drains.status();
    }

    @Override
    public void removeApp(String app) {
        AppState state = apps.remove(app);
        if (state != null) {
            state.drains.stopAll();
            List.copyOf(state.tails).forEach(TailSession::close);
        }
    }

    @Override
    public void close() {
        closed = true;
        List.copyOf(apps.keySet()).forEach(this::removeApp);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the log router is closed");
        }
    }
}
