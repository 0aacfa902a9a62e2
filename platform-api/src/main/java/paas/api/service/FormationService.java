package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.DynoSizes;
import paas.api.domain.FormationEntry;
import paas.api.domain.FormationUpdate;
import paas.api.domain.PlatformException;
import paas.api.domain.ProcessType;
import paas.api.domain.Quotas;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.store.Database;
import paas.api.store.FormationStore;
import paas.api.store.ReleaseStore;
import paas.vocabulary.DynoSize;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The formation: how many dynos of each process type an app should run, at which size.
 * Scaling changes the formation only; it never makes a release. Thread-safe.
 */
public final class FormationService {
    private final Database db;
    private final FormationStore formation;
    private final ReleaseStore releases;
    private final AppGuard guard;
    private final DynoSizes sizes;
    private final Quotas quotas;
    private final AppListener listener;
    /** Scales one app at a time, so two apps cannot both pass the platform-wide dyno check. */
    private final ReentrantLock scaleLock = new ReentrantLock();

    public FormationService(Database db, FormationStore formation, ReleaseStore releases, AppGuard guard,
                            DynoSizes sizes, Quotas quotas, AppListener listener) {
        this.listener = listener;
        this.db = db;
        this.formation = formation;
        this.releases = releases;
        this.guard = guard;
        this.sizes = sizes;
        this.quotas = quotas;
    }

    public List<FormationEntry> list(User caller, String app) {
        return db.inTransaction(c -> entries(c, guard.require(c, caller, app)));
    }

    public FormationEntry get(User caller, String app, String type) {
        ProcessType processType = new ProcessType(type);
        return db.inTransaction(c -> {
            App found = guard.require(c, caller, app);
            Optional<FormationEntry> entry = entries(c, found).stream()
                    .filter(e -> e.type().equals(processType)).findFirst();
            if (entry.isEmpty()) {
                throw unknownType(found, processType, processTypes(c, found));
            }
            return entry.get();
        });
    }

    /** Applies every update or none; answers the whole formation after it. */
    public List<FormationEntry> update(User caller, String app, List<FormationUpdate> updates) {
        if (updates.isEmpty()) {
            throw new PlatformException.InvalidParams("no formation updates given: send"
                    + " {\"updates\":[{\"type\":\"web\",\"quantity\":1}]}");
        }
        for (FormationUpdate u : updates) {
            if (u.quantity() != null && (u.quantity() < 0 || u.quantity() > quotas.dynosPerType())) {
                throw new PlatformException.InvalidParams("quantity " + u.quantity() + " for " + u.type()
                        + " is out of range: scale each process type to 0 to " + quotas.dynosPerType() + " dynos");
            }
        }
        // The platform's name of each size asked for (Standard-2X is standard-2x), checked before any change.
        List<FormationUpdate> named = updates.stream().map(u -> u.size() == null ? u
                : new FormationUpdate(u.type(), u.quantity(), sizes.require(u.size()).name())).toList();
        Map.Entry<paas.api.domain.AppName, List<FormationEntry>> result;
        scaleLock.lock();
        try {
            result = db.inTransaction(c -> {
                App locked = guard.requireLocked(c, caller, app);
                Map<String, String> declared = processTypes(c, locked);
                Map<String, FormationStore.Row> rows = formation.load(c, locked.id());
                int appBefore = rows.values().stream().mapToInt(FormationStore.Row::quantity).sum();
                int hostBefore = formation.totalQuantity(c);
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                for (FormationUpdate u : named) {
                    // Before the first deploy declares process types, any valid type may be recorded
                    // ahead of time (as Dokku allows); afterwards only declared ones.
                    if (!declared.isEmpty() && !declared.containsKey(u.type().value())) {
                        throw unknownType(locked, u.type(), declared);
                    }
                    FormationStore.Row old = rows.get(u.type().value());
                    int quantity = u.quantity() != null ? u.quantity() : old != null ? old.quantity() : 0;
                    String size = u.size() != null ? u.size() : old != null ? old.size() : sizes.defaultSize();
                    FormationStore.Row row = new FormationStore.Row(u.type().value(), quantity, size, now);
                    formation.put(c, locked.id(), row);
                    rows.put(row.type(), row);
                }
                int appAfter = rows.values().stream().mapToInt(FormationStore.Row::quantity).sum();
                // Only growth is refused: a platform over a lowered limit can always scale down.
                if (appAfter > appBefore) {
                    quotas.checkDynos(locked.name(), appAfter, hostBefore - appBefore + appAfter);
                }
                return Map.entry(locked.name(), entries(c, locked));
            });
        } finally {
            scaleLock.unlock();
        }
        String scaled = named.stream().map(u -> u.type().value()).distinct()
                .flatMap(type -> result.getValue().stream().filter(e -> e.type().value().equals(type)))
                .map(e -> e.type() + "@" + e.quantity() + ":" + e.size())
                .collect(Collectors.joining(" "));
        listener.on(new AppEvent.Scaled(result.getKey(), caller.email(), scaled));
        return result.getValue();
    }

    private List<FormationEntry> entries(Connection c, App app) throws SQLException {
        Map<String, String> declared = processTypes(c, app);
        Map<String, FormationStore.Row> rows = formation.load(c, app.id());
        Map<String, FormationEntry> byType = new TreeMap<>();
        declared.forEach((type, command) -> byType.put(type, new FormationEntry(new ProcessType(type), 0,
                sizes.defaultSize(), command, app.createdAt())));
        rows.values().forEach(r -> byType.put(r.type(), new FormationEntry(new ProcessType(r.type()), r.quantity(),
                r.size(), declared.getOrDefault(r.type(), ""), r.updatedAt())));
        return new ArrayList<>(byType.values());
    }

    private Map<String, String> processTypes(Connection c, App app) throws SQLException {
        return releases.current(c, app.id()).map(Release::processTypes).orElse(Map.of());
    }

    private static PlatformException unknownType(App app, ProcessType type, Map<String, String> declared) {
        if (declared.isEmpty()) {
            return new PlatformException.NotFound("app " + app.name() + " has no process type " + type
                    + " in its formation yet: scale it first, e.g. `paas scale " + type + "=1`");
        }
        return new PlatformException.InvalidParams("app " + app.name() + " has no process type " + type
                + "; its current release declares " + declared.keySet().stream().collect(Collectors.joining(", "))
                + ": add `" + type + ":` to the Procfile and deploy to scale it");
    }
}
