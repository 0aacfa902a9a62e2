package paas.api.addons;

import paas.api.domain.Addon;
import paas.api.domain.AddonAttachment;
import paas.api.domain.AddonKind;
import paas.api.domain.AddonName;
import paas.api.domain.AddonPlanRef;
import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.AttachmentColors;
import paas.api.domain.AttachmentName;
import paas.api.domain.PlatformException;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.service.AppGuard;
import paas.api.service.AppListener;
import paas.api.service.ConfigReleases;
import paas.api.store.AddonStore;
import paas.api.store.AppStore;
import paas.api.store.ConfigVarStore;
import paas.api.store.Database;
import paas.api.store.ReleaseStore;
import paas.process.RuntimeUnavailableException;
import paas.process.addons.AddonContainer;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Add-ons as the API offers them: create, list, attach, detach, promote, destroy. Who may do what
 * follows the apps ({@link AddonGuard}).
 * Without an add-on runtime (paasd runs dynos as local processes) reading works and every change
 * is refused with the fix. Thread-safe.
 */
public final class AddonService {
    /** How long a create waits for the service to answer before it answers 202 and goes on in the background. */
    public static final Duration READY_WAIT = Duration.ofSeconds(60);
    private static final int GENERATED_NAME_TRIES = 5;
    /** How long {@link #close} waits for background creates to end. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /**
     * An add-on with its attachments, when the engine answered its container's id, and since when
     * its data is known to be gone (see {@link #reprovision}).
     */
    public record Described(Addon addon, List<AddonAttachment> attachments, Optional<String> containerId,
                            Optional<Instant> dataMissingSince) {
        public Described {
            attachments = List.copyOf(attachments);
        }

        /** {@code available}, or {@code data_missing}: provisioned, but its data volume is gone and it is stopped. */
        public String status() {
            return dataMissingSince.isPresent() ? "data_missing" : "available";
        }

        /** What is wrong and the ways out, when it is not available. */
        public Optional<String> statusMessage() {
            return dataMissingSince.map(since -> AddonLifecycle.dataMissingMessage(addon));
        }

        /** The config vars its attachments set, in the order they were made. */
        public List<String> configVars() {
            return attachments.stream().map(a -> a.configKey().value()).distinct().toList();
        }
    }

    private final Database db;
    private final AddonStore addons;
    private final AppStore apps;
    private final AppGuard guard;
    private final AddonGuard access;
    private final AddonReleases releases;
    private final Optional<AddonLifecycle> lifecycle;
    private final SecureRandom random;
    private final Clock clock;
    private final Duration readyWait;

    /**
     * @param providers the add-on runtime and its providers; empty when paasd has no container engine
     * @param appLog    where an add-on's lines for its apps' logs go ({@code paas[addon]})
     * @param listener  told of each release an attach or detach makes
     */
    public AddonService(Database db, Optional<AddonProviders> providers, AddonLog appLog, AppListener listener,
                        Clock clock, Duration readyWait) {
        this.db = db;
        this.addons = new AddonStore(db.secrets());
        this.apps = new AppStore();
        this.guard = new AppGuard(apps);
        this.access = new AddonGuard(addons, apps, guard);
        this.releases = new AddonReleases(addons, new ConfigReleases(new ConfigVarStore(db.secrets()),
                new ReleaseStore(db.secrets())));
        this.lifecycle = providers.map(p -> new AddonLifecycle(db, addons, apps, releases, p, appLog, listener, clock));
        this.random = new SecureRandom();
        this.clock = clock;
        this.readyWait = readyWait;
    }

    /**
     * Creates an add-on on {@code app}: its row first ({@code provisioning}, committed), then its
     * container; once the service answers, it is attached to the app in a new release and
     * {@code provisioned}. When that takes longer than the ready wait, answers it still
     * {@code provisioning} and finishes in the background.
     */
    public Described create(User caller, String app, String plan, Optional<String> attachAs, Optional<String> name) {
        AddonPlanRef ref = AddonPlanRef.parse(plan);
        Optional<AttachmentName> as = attachAs.map(AttachmentName::new);
        Optional<AddonName> requested = name.map(AddonName::new);
        AddonLifecycle running = requireRunning();
        String password = HexFormat.of().formatHex(randomBytes(32));
        Addon addon = insert(caller, app, ref, as, requested, password);
        Addon now;
        try {
            now = running.provision(addon, password, caller, readyWait);
        } catch (RuntimeUnavailableException e) {
            throw engineDown(e);
        } catch (RuntimeException e) {
            throw new PlatformException.Unavailable("the container of add-on " + addon.name() + " could not be"
                    + " started: " + Database.rootMessage(e) + ". If the image " + ref.kind().value()
                    + " is missing, build the add-on images with deploy/stack/build.sh");
        }
        return db.inTransaction(c -> describe(c, addons.find(c, now.id().toString()).orElse(now), containers()));
    }

    private Addon insert(User caller, String app, AddonPlanRef ref, Optional<AttachmentName> as,
                         Optional<AddonName> requested, String password) {
        for (int attempt = 1; ; attempt++) {
            AddonName name = requested.orElseGet(() -> AddonName.generate(ref.kind(), random));
            Optional<Addon> made = db.inTransaction(c -> {
                App owner = guard.requireLocked(c, caller, app);
                if (as.isPresent() && releases.takenNames(c, owner).contains(as.get())) {
                    throw taken(owner, as.get());
                }
                if (requested.isEmpty() && addons.find(c, name.value()).isPresent()) {
                    return Optional.<Addon>empty(); // a generated name that is taken: draw another
                }
                Instant at = now();
                Addon addon = new Addon(UUID.randomUUID(), name, ref,
                        Optional.of(new paas.api.domain.AppRef(owner.id(), owner.name())), Addon.State.PROVISIONING,
                        at, at);
                addons.insert(c, addon, password, as);
                return Optional.of(addon);
            });
            if (made.isPresent()) {
                return made.get();
            }
            if (attempt == GENERATED_NAME_TRIES) {
                throw new PlatformException.Conflict("no free add-on name found in " + GENERATED_NAME_TRIES
                        + " tries: name it with --name");
            }
        }
    }

    /** Every add-on the caller can see, or those owned by or attached to {@code app}. */
    public List<Described> list(User caller, Optional<String> app) {
        Map<String, AddonContainer> containers = containers();
        return db.inTransaction(c -> {
            List<Addon> found = app.isPresent() ? addons.ofApp(c, guard.require(c, caller, app.get()).id())
                    : addons.visibleTo(c, caller.admin() ? null : caller.id());
            List<Described> described = new ArrayList<>();
            for (Addon addon : found) {
                described.add(describe(c, addon, containers));
            }
            return described;
        });
    }

    public Described get(User caller, Optional<String> app, String idOrName) {
        Map<String, AddonContainer> containers = containers();
        return db.inTransaction(c -> describe(c, access.requireInScope(c, caller, app, idOrName), containers));
    }

    /**
     * Destroys the add-on: detaches it from every app (a release in each), removes its container
     * and data, then its record. Refused while it is attached to an app other than its owner,
     * unless {@code force}.
     */
    public Described destroy(User caller, Optional<String> app, String idOrName, boolean force) {
        AddonLifecycle running = requireRunning();
        Described marked = db.inTransaction(c -> {
            Addon addon = access.requireManaged(c, caller, access.requireInScope(c, caller, app, idOrName));
            if (app.isPresent() && addon.owner().isPresent()
                    && !addon.owner().get().id().equals(guard.require(c, caller, app.get()).id())) {
                throw new PlatformException.InvalidParams("add-on " + addon.name() + " belongs to app "
                        + addon.owner().get().name() + ": detach it from " + app.get() + " with `paas addons:detach`,"
                        + " or destroy it from its own app");
            }
            List<AddonAttachment> attached = addons.attachmentsOf(c, addon.id());
            List<String> elsewhere = attached.stream().map(a -> a.app().name().value())
                    .filter(n -> addon.owner().map(o -> !o.name().value().equals(n)).orElse(true))
                    .distinct().toList();
            if (!elsewhere.isEmpty() && !force) {
                throw new PlatformException.ConfirmationRequired("add-on " + addon.name() + " is attached to "
                        + (elsewhere.size() == 1 ? "app " : "apps ") + String.join(", ", elsewhere) + " too;"
                        + " destroying it removes its config vars there and its data: confirm with --force"
                        + " ({\"force\": true})");
            }
            return new Described(running.markDeprovisioning(c, addon), attached, Optional.empty(), Optional.empty());
        });
        try {
            running.deprovision(marked.addon(), caller);
        } catch (RuntimeUnavailableException e) {
            throw engineDown(e);
        }
        return marked;
    }

    /** Attaches the add-on to {@code app} under {@code name}, or the app's default names for its kind. */
    public AddonAttachment attach(User caller, String idOrName, String app, Optional<String> name) {
        Optional<AttachmentName> as = name.map(AttachmentName::new);
        AddonLifecycle running = requireRunning();
        record Target(Addon addon, App app) {
        }
        Target target = db.inTransaction(c -> {
            Addon addon = access.requireManaged(c, caller, access.requireVisible(c, caller, idOrName));
            requireProvisioned(addon);
            App targetApp = guard.require(c, caller, app);
            return new Target(access.requireAttachable(c, caller, addon, targetApp), targetApp);
        });
        try {
            running.providers().runtime().attach(target.addon().id().toString(), target.app().name().value());
        } catch (RuntimeUnavailableException e) {
            throw engineDown(e);
        }
        record Attached(AppName app, Release release, AddonAttachment first) {
        }
        Attached attached = db.inTransaction(c -> {
            App locked = guard.requireLocked(c, caller, target.app().id().toString());
            Addon addon = requireProvisioned(addons.find(c, target.addon().id().toString())
                    .orElseThrow(() -> AddonGuard.notFound(idOrName)));
            List<AttachmentName> taken = releases.takenNames(c, locked);
            if (as.isPresent() && taken.contains(as.get())) {
                throw taken(locked, as.get());
            }
            List<AttachmentName> names = as.map(List::of).orElseGet(() -> AttachmentColors.defaults(addon.kind(), taken));
            Release release = releases.attach(c, locked, caller, addon, names, running.url(c, addon));
            AddonAttachment first = addons.attachmentsIn(c, locked.id()).stream()
                    .filter(a -> a.name().equals(names.getFirst())).findFirst().orElseThrow();
            return new Attached(locked.name(), release, first);
        });
        running.configChanged(attached.app(), caller, attached.release());
        return attached.first();
    }

    /** Every attachment to the caller's apps, or to {@code app}. */
    public List<AddonAttachment> attachments(User caller, Optional<String> app) {
        return db.inTransaction(c -> app.isPresent()
                ? addons.attachmentsIn(c, guard.require(c, caller, app.get()).id())
                : addons.attachmentsVisibleTo(c, caller.admin() ? null : caller.id()));
    }

    public AddonAttachment attachment(User caller, String id) {
        return db.inTransaction(c -> access.requireAttachment(c, caller, id));
    }

    /**
     * Detaches: the attachment and its config var go in a new release. The add-on stays, also when
     * this was its last attachment: destroying it is explicit.
     */
    public AddonAttachment detach(User caller, String id) {
        AddonLifecycle running = requireRunning();
        record Detached(AddonAttachment attachment, Addon addon, Release release) {
        }
        Detached detached = db.inTransaction(c -> {
            AddonAttachment attachment = access.requireAttachment(c, caller, id);
            App app = guard.requireLocked(c, caller, attachment.app().id().toString());
            Addon addon = addons.find(c, attachment.addon().id().toString()).orElseThrow();
            return new Detached(attachment, addon, releases.detach(c, app, caller, addon, List.of(attachment)));
        });
        try {
            running.detachNetwork(detached.addon(), detached.attachment().app().name());
        } catch (RuntimeUnavailableException e) {
            // The config var is gone, which is what the caller asked; the network follows at the next start.
        }
        running.configChanged(detached.attachment().app().name(), caller, detached.release());
        return detached.attachment();
    }

    /**
     * pg:promote: the add-on becomes the app's {@code DATABASE}; the add-on that was keeps its
     * color name (and gets one if it had none). One release.
     */
    public Described promote(User caller, String app, String idOrName) {
        AddonLifecycle running = requireRunning();
        record Promoted(AppName app, Optional<Release> release, Addon addon) {
        }
        Promoted promoted = db.inTransaction(c -> {
            App locked = guard.requireLocked(c, caller, app);
            List<AddonAttachment> inApp = addons.attachmentsIn(c, locked.id());
            Addon addon = addons.find(c, idOrName).filter(a -> inApp.stream().anyMatch(t -> t.addon().id().equals(a.id())))
                    .orElseThrow(() -> new PlatformException.NotFound("add-on " + idOrName + " is not attached to app "
                            + locked.name() + ": `paas addons -a " + locked.name() + "` lists its add-ons"));
            if (addon.kind() != AddonKind.POSTGRESQL) {
                throw new PlatformException.InvalidParams(addon.name() + " is a " + addon.kind().value()
                        + " add-on: only PostgreSQL add-ons are promoted to DATABASE");
            }
            requireProvisioned(addon);
            AttachmentName database = AddonKind.POSTGRESQL.primaryAttachment();
            Optional<AddonAttachment> current = inApp.stream().filter(t -> t.name().equals(database)).findFirst();
            if (current.isPresent() && current.get().addon().id().equals(addon.id())) {
                return new Promoted(locked.name(), Optional.empty(), addon);
            }
            Map<AttachmentName, String> urls = new LinkedHashMap<>();
            urls.put(database, running.url(c, addon));
            Instant at = now();
            if (current.isPresent()) {
                UUID former = current.get().addon().id();
                addons.reassign(c, current.get().id(), addon.id());
                boolean formerKeepsAName = inApp.stream().anyMatch(t -> t.addon().id().equals(former)
                        && !t.name().equals(database));
                if (!formerKeepsAName) {
                    Addon formerAddon = addons.find(c, former.toString()).orElseThrow();
                    AttachmentName color = AttachmentColors.defaults(AddonKind.POSTGRESQL,
                            releases.takenNames(c, locked)).getFirst();
                    addons.attach(c, UUID.randomUUID(), former, locked.id(), color, at);
                    urls.put(color, running.url(c, formerAddon));
                }
            } else {
                addons.attach(c, UUID.randomUUID(), addon.id(), locked.id(), database, at);
            }
            return new Promoted(locked.name(), Optional.of(releases.setUrl(c, locked, caller, addon, urls)), addon);
        });
        promoted.release().ifPresent(r -> running.configChanged(promoted.app(), caller, r));
        return get(caller, Optional.of(app), promoted.addon().id().toString());
    }

    /**
     * Makes a provisioned add-on whose data volume paasd found gone anew, on an empty volume: the
     * way back for its owner, who then restores a backup (its backups, name, password and URLs
     * stay). Refused unless the data is known missing, and unless {@code confirm} names the app.
     */
    public Described reprovision(User caller, String app, String idOrName, Optional<String> confirm) {
        AddonLifecycle running = requireRunning();
        Addon addon = db.inTransaction(c -> {
            Addon found = access.requireManaged(c, caller, access.requireInScope(c, caller, Optional.of(app), idOrName));
            requireProvisioned(found);
            if (addons.dataMissingSince(c, found.id()).isEmpty()) {
                throw new PlatformException.InvalidParams("add-on " + found.name() + " has its data (paasd found its"
                        + " volume at its last start): there is nothing to re-provision. To empty a database use"
                        + " `paas pg:reset`");
            }
            return found;
        });
        if (confirm.isEmpty() || !confirm.get().equals(app)) {
            throw new PlatformException.ConfirmationRequired("re-provisioning makes " + addon.name() + " anew on an"
                    + " EMPTY volume, for every app it is attached to: confirm with --confirm " + app
                    + " ({\"confirm\": \"" + app + "\"})");
        }
        try {
            running.reprovision(addon, caller, readyWait);
        } catch (RuntimeUnavailableException e) {
            throw engineDown(e);
        } catch (IllegalStateException e) {
            throw new PlatformException.Unavailable(Database.rootMessage(e));
        }
        return get(caller, Optional.of(app), addon.id().toString());
    }

    /** At paasd's start, off the start-up path: see {@link AddonLifecycle#resume}. */
    public void resume() {
        lifecycle.ifPresent(AddonLifecycle::resume);
    }

    /**
     * At paasd's stop: interrupts the creates going on in the background and waits a few seconds
     * for them to end; what is left {@code provisioning} the next start finishes.
     */
    public void close() {
        lifecycle.ifPresent(l -> l.close(CLOSE_WAIT));
    }

    /** Follows app destroys and renames: the add-ons an app owned, and their networks. */
    public AppListener appHook() {
        return lifecycle.<AppListener>map(AddonAppHook::new).orElse(AppListener.NONE);
    }

    /** Writes crashes and restarts of add-on containers into their apps' logs. */
    public paas.process.addons.AddonEventListener runtimeEvents() {
        return lifecycle.<paas.process.addons.AddonEventListener>map(AddonRuntimeEvents::new)
                .orElse((id, kind, detail) -> { });
    }

    private AddonLifecycle requireRunning() {
        return lifecycle.orElseThrow(() -> new PlatformException.Unavailable("add-ons run as containers of a Docker"
                + " engine, and this paasd runs dynos as local processes (PAAS_RUNTIME=local): start a Docker engine"
                + " (deploy/docker/ensure-engine.sh) and restart paasd without PAAS_RUNTIME=local"));
    }

    private static PlatformException engineDown(RuntimeUnavailableException e) {
        return new PlatformException.Unavailable("the Docker engine add-ons run on does not answer ("
                + Database.rootMessage(e) + "): start it with deploy/docker/ensure-engine.sh and try again");
    }

    private Map<String, AddonContainer> containers() {
        if (lifecycle.isEmpty()) {
            return Map.of();
        }
        try {
            return lifecycle.get().providers().runtime().list().stream()
                    .collect(Collectors.toMap(AddonContainer::addonId, c -> c, (a, b) -> a));
        } catch (RuntimeException e) {
            return Map.of(); // the engine is down: the add-ons are shown without their container ids
        }
    }

    private Described describe(Connection c, Addon addon, Map<String, AddonContainer> containers) throws SQLException {
        return new Described(addon, addons.attachmentsOf(c, addon.id()),
                Optional.ofNullable(containers.get(addon.id().toString())).map(AddonContainer::containerId),
                addons.dataMissingSince(c, addon.id()));
    }

    private static Addon requireProvisioned(Addon addon) {
        if (addon.state() != Addon.State.PROVISIONED) {
            throw new PlatformException.InvalidParams("add-on " + addon.name() + " is " + addon.state().value()
                    + ": wait until `paas addons:info " + addon.name() + "` says provisioned");
        }
        return addon;
    }

    private static PlatformException taken(App app, AttachmentName name) {
        return new PlatformException.Conflict("app " + app.name() + " has " + name.configKey()
                + " already: choose another name with --as, or detach (or unset) that one first");
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
