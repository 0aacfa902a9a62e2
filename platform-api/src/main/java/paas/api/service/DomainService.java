package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.AppRef;
import paas.api.domain.Domain;
import paas.api.domain.Hostname;
import paas.api.domain.PlatformException;
import paas.api.domain.User;
import paas.api.store.Database;
import paas.api.store.DomainStore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/** The hostnames routed to an app. Thread-safe. */
public final class DomainService {
    private final Database db;
    private final DomainStore domains;
    private final AppGuard guard;
    private final String platformDomain;

    private final AppListener listener;
    private final ReentrantLock addLock = new ReentrantLock();

    public DomainService(Database db, DomainStore domains, AppGuard guard, String platformDomain, AppListener listener) {
        this.listener = listener;
        this.db = db;
        this.domains = domains;
        this.guard = guard;
        this.platformDomain = platformDomain;
    }

    public List<Domain> list(User caller, String app) {
        return db.inTransaction(c -> domains.list(c, guard.require(c, caller, app).id()));
    }

    public Domain add(User caller, String app, String hostname) {
        Hostname name = new Hostname(hostname);
        if (name.isWithin(platformDomain)) {
            throw new PlatformException.InvalidParams("the hostname " + name + " is under the platform domain "
                    + platformDomain + ", whose names belong to apps by their names; add a domain you own");
        }
        java.util.Map.Entry<paas.api.domain.AppName, Domain> added;
        // One add at a time on this platform: the overlap check and the insert must see each other.
        addLock.lock();
        try {
            added = db.inTransaction(c -> {
                App found = guard.requireLocked(c, caller, app);
                List<DomainStore.Owned> overlapping = new java.util.ArrayList<>(domains.overlapping(c, name));
                // The name itself first: "in use" says more than an overlap with some other name.
                overlapping.sort(java.util.Comparator.comparing(o -> !o.hostname().equals(name)));
                for (DomainStore.Owned owned : overlapping) {
                    if (!owned.appId().equals(found.id())) {
                        throw new PlatformException.Conflict(owned.hostname().equals(name)
                                ? "the hostname " + name + " is already in use by an app on this platform"
                                : "the hostname " + name + " overlaps " + owned.hostname() + ", which another app on"
                                + " this platform uses (a wildcard covers every name one label below it); add a"
                                + " name that no other app's domain covers");
                    }
                }
                Domain domain = new Domain(UUID.randomUUID(), name, Domain.Kind.CUSTOM,
                        Instant.now().truncatedTo(ChronoUnit.MICROS));
                domains.insert(c, found.id(), domain);
                return java.util.Map.entry(found.name(), domain);
            });
        } finally {
            addLock.unlock();
        }
        listener.on(new AppEvent.DomainsChanged(added.getKey()));
        return added.getValue();
    }

    /** One of the app's domains, named by its hostname or id. */
    public Domain get(User caller, String app, String hostnameOrId) {
        return db.inTransaction(c -> {
            App found = guard.require(c, caller, app);
            return named(domains.list(c, found.id()), found, hostnameOrId);
        });
    }

    /**
     * The app, and what its custom domains' DNS records point at: the app's own name under the
     * platform domain, which the router answers for like the custom names.
     */
    public record DnsTarget(AppRef app, Hostname hostname) {
    }

    public DnsTarget dnsTarget(User caller, String app) {
        return db.inTransaction(c -> {
            App found = guard.require(c, caller, app);
            return new DnsTarget(new AppRef(found.id(), found.name()), dnsTarget(domains.list(c, found.id()), found));
        });
    }

    /** The app's own domain among its domains. */
    private static Hostname dnsTarget(List<Domain> all, App app) {
        return all.stream().filter(d -> d.kind() == Domain.Kind.DEFAULT).map(Domain::hostname).findFirst()
                .orElseThrow(() -> new IllegalStateException("app " + app.name() + " has no default domain"));
    }

    private static Domain named(List<Domain> all, App app, String hostnameOrId) {
        return all.stream()
                .filter(d -> d.hostname().value().equalsIgnoreCase(hostnameOrId) || d.id().toString().equals(hostnameOrId))
                .findFirst()
                .orElseThrow(() -> new PlatformException.NotFound("app " + app.name() + " has no domain "
                        + hostnameOrId + ": `paas domains -a " + app.name() + "` lists them"));
    }

    /** Removes a custom domain, named by its hostname or id; the default domain stays. */
    public Domain remove(User caller, String app, String hostnameOrId) {
        var removed = db.inTransaction(c -> {
            App found = guard.requireLocked(c, caller, app);
            Domain domain = named(domains.list(c, found.id()), found, hostnameOrId);
            if (domain.kind() == Domain.Kind.DEFAULT) {
                throw new PlatformException.InvalidParams("the default domain " + domain.hostname()
                        + " cannot be removed; it goes away with the app");
            }
            domains.delete(c, domain.id());
            return java.util.Map.entry(found.name(), domain);
        });
        listener.on(new AppEvent.DomainsChanged(removed.getKey()));
        return removed.getValue();
    }
}
