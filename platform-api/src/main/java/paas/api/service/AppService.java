package paas.api.service;

import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.AppNameGenerator;
import paas.api.domain.Certificate;
import paas.api.domain.ConfigVars;
import paas.api.domain.Domain;
import paas.api.domain.Hostname;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.Release;
import paas.api.domain.Stack;
import paas.api.domain.User;
import paas.api.store.AppStore;
import paas.api.store.BuildStore;
import paas.api.store.CertificateStore;
import paas.api.store.Database;
import paas.api.store.DomainStore;
import paas.api.store.ListRange;
import paas.api.store.Page;
import paas.api.store.ReleaseStore;
import paas.api.store.UserStore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/** Creating, finding, changing and destroying apps. Thread-safe. */
public final class AppService {
    public static final String STACK = Stack.BUILDPACKS;
    private static final int GENERATED_NAME_TRIES = 5;

    private final Database db;
    private final AppStore apps;
    private final DomainStore domains;
    private final ReleaseStore releases;
    private final CertificateStore certificates;
    private final AppGuard guard;
    private final AppNameGenerator names;
    private final String platformDomain;
    private final Quotas quotas;
    private final AppListener listener;
    /** Only to name the destroyed app's slug files, which its listeners delete. */
    private final BuildStore slugs = new BuildStore();
    private final UserStore users;
    /**
     * One create at a time: two creates of one name at once would otherwise meet in the unique
     * index, which H2 answers with a concurrent-update error rather than a duplicate key.
     */
    private final ReentrantLock createLock = new ReentrantLock();

    public AppService(Database db, AppStore apps, DomainStore domains, ReleaseStore releases,
                      CertificateStore certificates, UserStore users, AppGuard guard, AppNameGenerator names,
                      String platformDomain, Quotas quotas, AppListener listener) {
        this.users = users;
        this.certificates = certificates;
        this.quotas = quotas;
        this.db = db;
        this.apps = apps;
        this.domains = domains;
        this.releases = releases;
        this.guard = guard;
        this.names = names;
        this.platformDomain = platformDomain;
        this.listener = listener;
    }

    /** Creates the app with its default domain and release v1; a generated name when none is given. */
    public App create(User caller, Optional<String> requestedName) {
        if (requestedName.isPresent()) {
            return create(caller, new AppName(requestedName.get()));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return create(caller, names.next());
            } catch (PlatformException.Conflict taken) {
                if (attempt == GENERATED_NAME_TRIES) {
                    throw taken;
                }
            }
        }
    }

    /**
     * Names whose default hostname the platform keeps for itself: {@code api.PAAS_DOMAIN} is where
     * the router's TLS port serves paasd's own API and git.
     */
    public static final java.util.Set<String> RESERVED_NAMES = java.util.Set.of("api");

    private static void requireUnreserved(AppName name) {
        if (RESERVED_NAMES.contains(name.value())) {
            throw new PlatformException.InvalidParams("the name " + name + " is reserved: " + name
                    + ".<platform domain> is the platform's API; choose another app name");
        }
    }

    private App create(User caller, AppName name) {
        requireUnreserved(name);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        createLock.lock();
        try {
            return db.inTransaction(c -> {
                // The owner's row, locked, serializes this with a transfer to them (which locks it
                // too), so neither passes the apps-per-user check on a stale count; and a user
                // destroyed meanwhile gets no app.
                if (users.lockAccount(c, caller.id().toString()).isEmpty()) {
                    throw new PlatformException.Forbidden("user " + caller.email() + " was destroyed just now");
                }
                quotas.checkAnotherApp(apps.countOwnedBy(c, caller.id()));
                apps.insert(c, new App(id, name, caller, STACK, false, now, now, null, false));
                domains.insert(c, id, new Domain(UUID.randomUUID(), defaultHostname(name), Domain.Kind.DEFAULT, now));
                releases.insert(c, new ReleaseStore.NewRelease(UUID.randomUUID(), id, "Initial release",
                        Release.Status.SUCCEEDED, null, caller, ConfigVars.EMPTY, Map.of(), now));
                return apps.find(c, id.toString()).orElseThrow();
            });
        } finally {
            createLock.unlock();
        }
    }

    public Hostname defaultHostname(AppName name) {
        return new Hostname(name.value() + "." + platformDomain);
    }

    /** The apps the caller owns or collaborates on (every app, for an admin). */
    public Page<App> list(User caller, ListRange range) {
        return db.inTransaction(c -> apps.list(c, caller.admin() ? null : caller.id(), range));
    }

    public App get(User caller, String nameOrId) {
        return db.inTransaction(c -> guard.require(c, caller, nameOrId));
    }

    /**
     * Renames, switches maintenance mode and/or sets the stack the next build uses; a rename
     * moves the default domain too.
     */
    public App update(User caller, String nameOrId, Optional<String> newName, Optional<Boolean> maintenance,
                      Optional<String> buildStack) {
        Optional<AppName> name = newName.map(AppName::new);
        name.ifPresent(AppService::requireUnreserved);
        buildStack.ifPresent(Stack::new);
        var change = db.inTransaction(c -> {
            // Renaming is the owner's, as on Heroku: the name is in every git remote and URL of the app.
            App app = name.isPresent() ? guard.requireOwnerLocked(c, caller, nameOrId, "rename it")
                    : guard.requireLocked(c, caller, nameOrId);
            App changed = new App(app.id(), name.orElse(app.name()), app.owner(), buildStack.orElse(app.stack()),
                    maintenance.orElse(app.maintenance()), app.createdAt(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS), app.releasedAt(), app.acm());
            apps.update(c, changed);
            if (!changed.name().equals(app.name())) {
                domains.renameDefault(c, app.id(), defaultHostname(changed.name()));
            }
            return java.util.Map.entry(app, apps.find(c, app.id().toString()).orElseThrow());
        });
        App before = change.getKey();
        App after = change.getValue();
        if (!before.name().equals(after.name())) {
            listener.on(new AppEvent.Renamed(before.name(), after.name()));
        }
        if (!before.stack().equals(after.stack())) {
            listener.on(new AppEvent.StackSet(after.name(), caller.email(), after.stack()));
        }
        if (before.maintenance() != after.maintenance()) {
            listener.on(new AppEvent.MaintenanceSwitched(after.name(), caller.email(), after.maintenance()));
        }
        return after;
    }

    /**
     * Destroys the app with everything it has; answers it as it was. The certificates the platform
     * issued for it go with it and are told as removed, so they are revoked as on
     * {@code certs:auto:disable}: a key that outlives its app must not stay trusted.
     */
    public App destroy(User caller, String nameOrId) {
        record Destroyed(App app, java.util.List<Certificate> issued, java.util.Set<String> slugFiles) {
        }
        Destroyed destroyed = db.inTransaction(c -> {
            App app = guard.requireOwnerLocked(c, caller, nameOrId, "destroy it");
            java.util.List<Certificate> issued = certificates.list(c, app.id()).stream()
                    .filter(cert -> cert.source() == Certificate.Source.ACME).toList();
            java.util.Set<String> slugFiles = slugs.slugFilesOf(c, app.id());
            apps.delete(c, app.id());
            return new Destroyed(app, issued, slugFiles);
        });
        App app = destroyed.app();
        listener.on(new AppEvent.Destroyed(app.name(), destroyed.slugFiles()));
        destroyed.issued().forEach(cert -> listener.on(new AppEvent.CertificateRemoved(app.name(), cert)));
        return app;
    }
}
