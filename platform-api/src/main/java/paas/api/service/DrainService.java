package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.LogDrain;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.store.Database;
import paas.api.store.DrainStore;
import paas.logs.DrainPolicy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An app's log drains: listed, added after the URL and the addresses its host resolves to passed the platform's drain policy, removed. Thread-safe. */
public final class DrainService {
    /** Enough for any reasonable use; each drain holds a connection and a buffer. */
    public static final int MAX_DRAINS_PER_APP = 20;

    private final Database db;
    private final DrainStore drains;
    private final AppGuard guard;
    private final DrainPolicy policy;
    private final AppListener listener;

    public DrainService(Database db, DrainStore drains, AppGuard guard, DrainPolicy policy, AppListener listener) {
        this.db = db;
        this.drains = drains;
        this.guard = guard;
        this.policy = policy;
        this.listener = listener;
    }

    public List<LogDrain> list(User caller, String app) {
        return db.inTransaction(c -> drains.list(c, guard.require(c, caller, app).id()));
    }

    public LogDrain add(User caller, String app, String url) {
        if (url == null || url.isBlank()) {
            throw new PlatformException.InvalidParams("no drain url given: send {\"url\": \"syslog+tls://logs.example.com:6514\"}");
        }
        try {
            // The name is resolved now too: a URL that points at a refused address, or at nothing,
            // is a 422 at once. Every connection checks again, for names whose answer changes later.
            policy.checkResolving(url);
        } catch (IllegalArgumentException e) { // InvalidDrainUrlException among them
            throw new PlatformException.InvalidParams(e.getMessage());
        }
        var added = db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            List<LogDrain> existing = drains.list(c, found.id());
            if (existing.stream().anyMatch(d -> d.url().equals(url))) {
                throw new PlatformException.Conflict("app " + found.name() + " already drains to " + url);
            }
            if (existing.size() >= MAX_DRAINS_PER_APP) {
                throw new PlatformException.InvalidParams("app " + found.name() + " has " + existing.size()
                        + " drains, the most an app may have: remove one with `paas drains:remove`");
            }
            LogDrain drain = new LogDrain(UUID.randomUUID(), found.id(), url, "d." + UUID.randomUUID(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS));
            drains.insert(c, drain);
            return Map.entry(found.name(), drain);
        });
        listener.on(new AppEvent.DrainsChanged(added.getKey()));
        return added.getValue();
    }

    /** Removes a drain named by its id or its URL. */
    public LogDrain remove(User caller, String app, String idOrUrl) {
        var removed = db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            LogDrain drain = drains.list(c, found.id()).stream()
                    .filter(d -> d.id().toString().equals(idOrUrl) || d.url().equals(idOrUrl))
                    .findFirst()
                    .orElseThrow(() -> new PlatformException.NotFound("app " + found.name() + " has no drain "
                            + idOrUrl + ": `paas drains -a " + found.name() + "` lists them"));
            drains.delete(c, drain.id());
            return Map.entry(found.name(), drain);
        });
        listener.on(new AppEvent.DrainsChanged(removed.getKey()));
        return removed.getValue();
    }
}
