package paas.api.addons;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.Addon;
import paas.api.domain.AddonAttachment;
import paas.api.domain.App;
import paas.api.domain.AppName;
import paas.api.domain.AppRef;
import paas.api.domain.AttachmentColors;
import paas.api.domain.AttachmentName;
import paas.api.domain.Release;
import paas.api.domain.User;
import paas.api.service.AppEvent;
import paas.api.service.AppListener;
import paas.api.store.AddonStore;
import paas.api.store.AppStore;
import paas.api.store.Database;
import paas.process.addons.AddonContainer;
import paas.process.addons.AddonDataMissingException;
import paas.process.addons.AddonRuntime;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * An add-on's way from its {@code provisioning} row to a running, attached service and back to
 * nothing, each step safe to run again: {@link #finish} (container made and answering → attached,
 * {@code provisioned}), {@link #deprovision} (detached everywhere → container and volume removed →
 * row deleted), {@link #settle} (add-ons whose owner app was destroyed), and {@link #resume},
 * which at paasd's start finishes whatever a killed paasd left half-way and adopts the rest.
 */
final class AddonLifecycle {
    private static final Logger log = LoggerFactory.getLogger("paasd.addons");
    /** How long an add-on whose create answered 202, or that paasd resumes, may take to answer. */
    static final Duration BACKGROUND_READY = Duration.ofMinutes(10);

    private final Database db;
    private final AddonStore addons;
    private final AppStore apps;
    private final AddonReleases releases;
    private final AddonProviders providers;
    private final AddonLog appLog;
    private final AppListener listener;
    private final Clock clock;
    /** Creates going on in the background (a slow service, or finished after a restart): interrupted at close. */
    private final Set<Thread> background = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    AddonLifecycle(Database db, AddonStore addons, AppStore apps, AddonReleases releases, AddonProviders providers,
                   AddonLog appLog, AppListener listener, Clock clock) {
        this.db = db;
        this.addons = addons;
        this.apps = apps;
        this.releases = releases;
        this.providers = providers;
        this.appLog = appLog;
        this.listener = listener;
        this.clock = clock;
    }

    AddonProviders providers() {
        return providers;
    }

    /**
     * Makes the add-on's container and waits up to {@code wait} for its service to answer; then
     * attaches it ({@link #finish}). Answers the add-on as it is afterwards: {@code provisioned},
     * or still {@code provisioning} when the wait ran out (it goes on in the background).
     *
     * @throws RuntimeException from the runtime when the container cannot be made; the add-on is
     *         then removed again where the engine allows it, else left for the next start
     */
    Addon provision(Addon addon, String password, User by, Duration wait) {
        Instant started = clock.instant();
        try {
            providers.of(addon.kind()).provision(addon, password, AddonRuntime.DataVolume.CREATE);
        } catch (RuntimeException e) {
            abandon(addon);
            throw e;
        }
        if (!awaitReady(addon, wait)) {
            inBackground(addon, () -> {
                if (awaitReady(addon, BACKGROUND_READY.minus(wait))) {
                    finishLogged(addon.id(), by, started);
                } else if (!stopping(addon)) {
                    ownerLog(addon, addon.name() + " did not answer within " + BACKGROUND_READY.toMinutes()
                            + " minutes; it stays provisioning until paasd restarts and tries again, or"
                            + " `paas addons:destroy " + addon.name() + "` removes it");
                }
            });
            return addon;
        }
        return finishLogged(addon.id(), by, started).orElse(addon);
    }

    private Optional<Addon> finishLogged(UUID addonId, User by, Instant started) {
        try {
            Optional<Addon> done = finish(addonId, by);
            done.ifPresent(a -> ownerLog(a, a.name() + " (" + a.plan().planName() + ") is ready after "
                    + Duration.between(started, clock.instant()).toMillis() + " ms"));
            return done;
        } catch (RuntimeException e) {
            log.warn("add-on {} answers, but attaching it failed (paasd tries again at its next start): {}", addonId,
                    Database.rootMessage(e));
            return Optional.empty();
        }
    }

    /** False also when the engine stops answering meanwhile: the add-on then goes on in the background. */
    private boolean awaitReady(Addon addon, Duration wait) {
        try {
            return providers.runtime().awaitReady(addon.id().toString(), wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            log.warn("add-on {}: asking whether it answers failed: {}", addon.name(), Database.rootMessage(e));
            return false;
        }
    }

    /** The names a create asked for, else the app's default names for this kind. */
    private List<AttachmentName> namesFor(Connection c, App app, Addon addon) throws SQLException {
        Optional<AttachmentName> asked = addons.attachAs(c, addon.id());
        List<AttachmentName> taken = releases.takenNames(c, app);
        if (asked.isPresent() && !taken.contains(asked.get())) {
            return List.of(asked.get());
        }
        asked.ifPresent(name -> appLog.line(app.name(), addon.name() + ": the name " + name
                + " was taken meanwhile; attached under the default names instead"));
        return AttachmentColors.defaults(addon.kind(), taken);
    }

    /**
     * Attaches a {@code provisioning} add-on to its owner app and marks it {@code provisioned}, in
     * one transaction with the release. Empty when there is nothing (left) to do: the add-on is
     * gone, provisioned already, being destroyed, or its owner was destroyed ({@link #settle}).
     */
    Optional<Addon> finish(UUID addonId, User by) {
        Optional<Addon> before = db.inTransaction(c -> addons.find(c, addonId.toString()));
        if (before.isEmpty() || before.get().state() != Addon.State.PROVISIONING || before.get().owner().isEmpty()) {
            return Optional.empty();
        }
        // On the app's network before its config names the add-on, so no dyno gets a URL it cannot reach.
        providers.runtime().attach(addonId.toString(), before.get().owner().get().name().value());
        record Finished(Addon addon, AppName app, User by, Release release) {
        }
        Optional<Finished> finished = db.inTransaction(c -> {
            Optional<Addon> now = addons.find(c, addonId.toString());
            if (now.isEmpty() || now.get().state() != Addon.State.PROVISIONING || now.get().owner().isEmpty()) {
                return Optional.empty();
            }
            Addon addon = now.get();
            App app = apps.find(c, addon.owner().get().id().toString()).orElseThrow();
            apps.lock(c, app.id());
            User releasedBy = by != null ? by : app.owner();
            Release release = releases.attach(c, app, releasedBy, addon, namesFor(c, app, addon), url(c, addon));
            Addon provisioned = addons.transition(c, addon, Addon.State.PROVISIONED, now());
            return Optional.of(new Finished(provisioned, app.name(), releasedBy, release));
        });
        finished.ifPresent(f -> configChanged(f.app(), f.by(), f.release()));
        return finished.map(Finished::addon);
    }

    /**
     * Destroys an add-on already marked {@code deprovisioning}: detaches it from every app (a
     * release in each), removes its container and volume, then its row. Each step may run again.
     */
    void deprovision(Addon addon, User by) {
        for (UUID appId : attachedApps(addon)) {
            record Detached(AppName app, User by, Release release) {
            }
            Optional<Detached> detached = db.inTransaction(c -> {
                Optional<App> app = apps.find(c, appId.toString());
                if (app.isEmpty()) {
                    return Optional.empty();
                }
                apps.lock(c, appId);
                List<AddonAttachment> here = addons.attachmentsOf(c, addon.id()).stream()
                        .filter(a -> a.app().id().equals(appId)).toList();
                if (here.isEmpty()) {
                    return Optional.empty();
                }
                User releasedBy = by != null ? by : app.get().owner();
                return Optional.of(new Detached(app.get().name(), releasedBy,
                        releases.detach(c, app.get(), releasedBy, addon, here)));
            });
            detached.ifPresent(d -> {
                detachNetwork(addon, d.app());
                configChanged(d.app(), d.by(), d.release());
            });
        }
        providers.of(addon.kind()).deprovision(addon);
        db.inTransaction(c -> {
            addons.delete(c, addon.id());
            return null;
        });
        log.info("add-on {} destroyed with its data", addon.name());
    }

    private List<UUID> attachedApps(Addon addon) {
        return db.inTransaction(c -> addons.attachmentsOf(c, addon.id()).stream().map(a -> a.app().id())
                .distinct().sorted().toList());
    }

    /** Marks the add-on {@code deprovisioning} (unless it is already) and answers it so. */
    Addon markDeprovisioning(Connection c, Addon addon) throws SQLException {
        if (addon.state() == Addon.State.DEPROVISIONING) {
            return addon;
        }
        return addons.transition(c, addon, Addon.State.DEPROVISIONING, now());
    }

    /**
     * Add-ons whose owner app was destroyed: one still attached elsewhere now belongs to the app
     * attached to it longest; one attached nowhere is destroyed with its data.
     */
    void settle() {
        for (Addon unowned : db.inTransaction(addons::unowned)) {
            try {
                record Outcome(Addon addon, Optional<AppRef> heir) {
                }
                Outcome outcome = db.inTransaction(c -> {
                    Optional<Addon> now = addons.find(c, unowned.id().toString());
                    if (now.isEmpty() || now.get().owner().isPresent()) {
                        return null;
                    }
                    List<AddonAttachment> attached = addons.attachmentsOf(c, unowned.id());
                    if (attached.isEmpty()) {
                        return new Outcome(markDeprovisioning(c, now.get()), Optional.empty());
                    }
                    AppRef heir = attached.getFirst().app();
                    addons.setOwner(c, unowned.id(), heir.id(), now());
                    return new Outcome(now.get(), Optional.of(heir));
                });
                if (outcome == null) {
                    continue;
                }
                if (outcome.heir().isPresent()) {
                    appLog.line(outcome.heir().get().name(), unowned.name() + " now belongs to this app: the app it"
                            + " was created on was destroyed");
                } else {
                    deprovision(outcome.addon(), null);
                }
            } catch (RuntimeException e) {
                log.warn("add-on {} lost its app; settling it failed (tried again at the next app destroy or start): {}",
                        unowned.name(), Database.rootMessage(e));
            }
        }
    }

    /**
     * At paasd's start: finishes each add-on a killed paasd left {@code provisioning} or
     * {@code deprovisioning}, telling its app; adopts each {@code provisioned} one (its container
     * is never recreated while it exists, and never made on an empty volume in place of its lost
     * data: {@link #resumeProvisioned}) and puts it back on its apps' networks; settles those
     * whose owner was destroyed. Each add-on by itself: one failing does not stop the rest.
     */
    void resume() {
        settle();
        for (Addon addon : db.inTransaction(addons::all)) {
            try {
                switch (addon.state()) {
                    case PROVISIONING -> {
                        ownerLog(addon, "paasd restarted while " + addon.name() + " was being created; finishing it");
                        inBackground(addon, () -> resumeProvisioning(addon));
                    }
                    case DEPROVISIONING -> {
                        ownerLog(addon, "paasd restarted while " + addon.name() + " was being destroyed; finishing it");
                        deprovision(addon, null);
                    }
                    case PROVISIONED -> resumeProvisioned(addon);
                }
            } catch (RuntimeException e) {
                log.warn("add-on {} ({}): {}; paasd tries again at its next start", addon.name(), addon.state().value(),
                        Database.rootMessage(e));
                ownerLog(addon, addon.name() + " could not be " + (addon.state() == Addon.State.DEPROVISIONING
                        ? "destroyed" : "started") + ": " + Database.rootMessage(e));
            }
        }
    }

    /**
     * Adopts a provisioned add-on and puts it back on its apps' networks. Its data volume must be
     * there: one found gone is not replaced by an empty one (its apps would get an empty database
     * under the old URL without a word); the add-on stays stopped and is reported
     * ({@link #dataMissing}) until its owner re-provisions it ({@link #reprovision}) or destroys it.
     */
    private void resumeProvisioned(Addon addon) {
        try {
            providers.of(addon.kind()).provision(addon, password(addon), AddonRuntime.DataVolume.EXISTING);
        } catch (AddonDataMissingException e) {
            dataMissing(addon, e);
            return;
        }
        if (db.inTransaction(c -> addons.clearDataMissing(c, addon.id()))) {
            tellApps(addon.id(), addon.name() + ": its data volume is back on the engine; it runs again");
        }
        for (AppName app : attachedAppNames(addon)) {
            providers.runtime().attach(addon.id().toString(), app.value());
        }
    }

    /** Records and tells (in the logs of its apps) that a provisioned add-on's data is gone. */
    private void dataMissing(Addon addon, AddonDataMissingException e) {
        boolean first = db.inTransaction(c -> addons.markDataMissing(c, addon.id(), now()));
        log.warn("add-on {}: {}; left stopped until its owner runs addons:reprovision or addons:destroy{}", addon.name(),
                e.getMessage(), first ? "" : " (known since an earlier start)");
        tellApps(addon.id(), dataMissingMessage(addon));
    }

    /** What a user is told of an add-on whose data is gone, with the ways out. */
    static String dataMissingMessage(Addon addon) {
        String name = addon.name().value();
        String app = addon.owner().map(o -> o.name().value()).orElse("APP");
        String restore = addon.kind() == paas.api.domain.AddonKind.POSTGRESQL
                ? ", then restore a backup: `paas pg:backups:restore BACKUP " + name + " --confirm " + app + " -a " + app
                        + "` (`paas pg:backups -a " + app + "` lists them)"
                : "";
        return name + " is stopped: its data volume is gone from the Docker engine, and paasd does"
                + " not put an empty one in its place. Put the volume back and restart paasd; or make it anew, empty,"
                + " with `paas addons:reprovision " + name + " --confirm " + app + " -a " + app + "`" + restore
                + "; or remove it with `paas addons:destroy " + name + " --confirm " + app + "`";
    }

    /**
     * Makes a provisioned add-on whose data was found missing anew, on an empty volume, on its
     * owner's explicit word: container made, service answering, back on its apps' networks (its
     * name, password and URLs are unchanged, so its apps need no new release). Told in its apps'
     * logs.
     */
    void reprovision(Addon addon, User by, Duration wait) {
        providers.of(addon.kind()).provision(addon, password(addon), AddonRuntime.DataVolume.CREATE);
        if (!awaitReady(addon, wait)) {
            throw new IllegalStateException(addon.name() + " was made anew but did not answer within "
                    + wait.toSeconds() + " s; run `paas addons:reprovision` again to wait more");
        }
        for (AppName app : attachedAppNames(addon)) {
            providers.runtime().attach(addon.id().toString(), app.value());
        }
        db.inTransaction(c -> addons.clearDataMissing(c, addon.id()));
        tellApps(addon.id(), addon.name() + " was re-provisioned by " + by.email() + " onto an empty volume: its data"
                + " is what a restore puts there" + (addon.kind() == paas.api.domain.AddonKind.POSTGRESQL
                ? " (`paas pg:backups:restore`)" : ""));
    }

    private void resumeProvisioning(Addon addon) {
        try {
            Instant started = clock.instant();
            // Still provisioning: no app was given its URL yet, so there is no data to lose.
            providers.of(addon.kind()).provision(addon, password(addon), AddonRuntime.DataVolume.CREATE);
            if (awaitReady(addon, BACKGROUND_READY)) {
                finishLogged(addon.id(), null, started);
            } else if (!stopping(addon)) {
                ownerLog(addon, addon.name() + " did not answer within " + BACKGROUND_READY.toMinutes() + " minutes");
            }
        } catch (RuntimeException e) {
            log.warn("add-on {}: finishing its create failed: {}", addon.name(), Database.rootMessage(e));
            ownerLog(addon, addon.name() + " could not be created: " + Database.rootMessage(e));
        }
    }

    /**
     * Runs a create's remaining wait on a platform thread (the engine calls block) that
     * {@link #close} interrupts. After close nothing starts: the add-on stays {@code provisioning}
     * and the next start finishes it.
     */
    private void inBackground(Addon addon, Runnable work) {
        if (closed) {
            log.info("add-on {}: paasd is stopping; its next start finishes creating it", addon.name());
            return;
        }
        Thread thread = Thread.ofPlatform().daemon().name("addon-" + addon.name()).unstarted(() -> {
            try {
                work.run();
            } finally {
                background.remove(Thread.currentThread());
            }
        });
        background.add(thread);
        thread.start();
    }

    /** True when the wait ended because paasd is stopping (said once, in paasd's log). */
    private boolean stopping(Addon addon) {
        if (!Thread.currentThread().isInterrupted() && !closed) {
            return false;
        }
        log.info("add-on {}: paasd stopped while it was being created; its next start finishes it", addon.name());
        return true;
    }

    /**
     * Interrupts the creates going on in the background and waits (at most {@code wait}) for them
     * to end; what they leave {@code provisioning} the next start finishes.
     */
    void close(Duration wait) {
        closed = true;
        List<Thread> threads = List.copyOf(background);
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + wait.toNanos();
        for (Thread thread : threads) {
            try {
                if (!thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    log.warn("{} did not end within {} s of paasd's stop", thread.getName(), wait.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** After an app's destroy: settles the add-ons it owned, takes the others off its network. */
    void appDestroyed(AppName app) {
        settle();
        for (AddonContainer container : providers.runtime().list()) {
            if (container.apps().contains(app.value())) {
                providers.runtime().detach(container.addonId(), app.value());
            }
        }
    }

    /** After a rename: the app's add-ons move to the network of its new name. */
    void appRenamed(AppName from, AppName to) {
        List<UUID> attached = db.inTransaction(c -> {
            Optional<App> app = apps.find(c, to.value());
            return app.isEmpty() ? List.<UUID>of()
                    : addons.attachmentsIn(c, app.get().id()).stream().map(a -> a.addon().id()).distinct().toList();
        });
        for (UUID id : attached) {
            providers.runtime().attach(id.toString(), to.value());
            providers.runtime().detach(id.toString(), from.value());
        }
    }

    /** Takes the add-on off the app's network once no attachment of it is left there. */
    void detachNetwork(Addon addon, AppName app) {
        boolean stillThere = db.inTransaction(c -> addons.attachmentsOf(c, addon.id()).stream()
                .anyMatch(a -> a.app().name().equals(app)));
        if (!stillThere) {
            providers.runtime().detach(addon.id().toString(), app.value());
        }
    }

    String url(Connection c, Addon addon) throws SQLException {
        return providers.of(addon.kind()).credentials(addon, addons.password(c, addon.id()));
    }

    private String password(Addon addon) {
        return db.inTransaction(c -> addons.password(c, addon.id()));
    }

    private Set<AppName> attachedAppNames(Addon addon) {
        return db.inTransaction(c -> addons.attachmentsOf(c, addon.id()).stream().map(a -> a.app().name())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new)));
    }

    /**
     * Removes what a failed create made. Where the engine does not allow it now, the add-on is
     * marked {@code deprovisioning}, so the next start removes whatever part of it exists instead
     * of finishing a create its caller was told had failed.
     */
    private void abandon(Addon addon) {
        try {
            providers.of(addon.kind()).deprovision(addon);
            db.inTransaction(c -> {
                addons.delete(c, addon.id());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("add-on {}: its create failed and removing it failed too ({}); paasd removes it at its next"
                    + " start", addon.name(), Database.rootMessage(e));
            try {
                db.inTransaction(c -> markDeprovisioning(c, addon));
            } catch (RuntimeException storeDown) {
                log.warn("add-on {}: marking it for removal failed too: {}", addon.name(), Database.rootMessage(storeDown));
            }
        }
    }

    /** The add-on's name, or its id when it has no row (any more). */
    String nameOf(UUID addonId) {
        return db.inTransaction(c -> addons.find(c, addonId.toString()).map(a -> a.name().value())
                .orElse(addonId.toString()));
    }

    /** A line in the logs of the add-on's owner and of every app it is attached to. */
    void tellApps(UUID addonId, String text) {
        Map<UUID, AppName> targets = new LinkedHashMap<>();
        db.inTransaction(c -> {
            addons.find(c, addonId.toString()).flatMap(Addon::owner).ifPresent(o -> targets.put(o.id(), o.name()));
            addons.attachmentsOf(c, addonId).forEach(a -> targets.putIfAbsent(a.app().id(), a.app().name()));
            return null;
        });
        new ArrayList<>(targets.values()).forEach(app -> appLog.line(app, text));
    }

    private void ownerLog(Addon addon, String text) {
        addon.owner().ifPresent(o -> appLog.line(o.name(), text));
    }

    void configChanged(AppName app, User by, Release release) {
        listener.on(new AppEvent.ConfigChanged(app, by.email(), release.description(), release.version()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
