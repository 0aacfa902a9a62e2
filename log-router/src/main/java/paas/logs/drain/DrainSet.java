package paas.logs.drain;

import paas.logs.Drain;
import paas.logs.DrainStatus;
import paas.logs.LogRouterConfig;
import paas.logs.buffer.AppLog;
import paas.logs.buffer.LineQueue;
import paas.logs.buffer.Overflow;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * One app's running drains, reconciled from the full list each time it is set: unchanged drains
 * (same id, URL and token) keep their connection and buffer, the rest start or stop.
 * Thread-safe; no method blocks on the network.
 */
public final class DrainSet {
    private final String app;
    private final AppLog log;
    private final Transport.Factory transports;
    private final LogRouterConfig config;
    private final ThreadFactory threads;
    private Map<String, DrainWorker> workers = Map.of(); // guarded by this

    public DrainSet(String app, AppLog log, Transport.Factory transports, LogRouterConfig config, ThreadFactory threads) {
        this.app = app;
        this.log = log;
        this.transports = transports;
        this.config = config;
        this.threads = threads;
    }

    /** Makes {@code drains} the running set (already checked against the policy by the caller). */
    public synchronized void set(List<Drain> drains) {
        Set<String> ids = new HashSet<>();
        for (Drain d : drains) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("drain id '" + d.id() + "' appears twice; each drain needs its own id");
            }
        }
        Map<String, DrainWorker> next = new LinkedHashMap<>();
        for (Drain d : drains) {
            DrainWorker running = workers.get(d.id());
            next.put(d.id(), running != null && running.drain().equals(d) ? running : start(d));
        }
        for (DrainWorker w : workers.values()) {
            if (next.get(w.drain().id()) != w) {
                stop(w);
            }
        }
        workers = next;
    }

    public synchronized List<DrainStatus> status() {
        return workers.values().stream().map(DrainWorker::status).toList();
    }

    public synchronized void stopAll() {
        workers.values().forEach(this::stop);
        workers = Map.of();
    }

    private DrainWorker start(Drain d) {
        LineQueue queue = new LineQueue(app, config.drainBufferLines(), Overflow.L10, config.clock());
        DrainWorker w = new DrainWorker(d, queue, transports.create(d), new Backoff(config.backoffInitial(), config.backoffMax()),
                config.drainBatchLines(), config.clock(), threads);
        w.start();
        log.snapshotAndSubscribe(0, line -> false, w);
        return w;
    }

    private void stop(DrainWorker w) {
        log.unsubscribe(w);
        w.stop();
    }
}
