package paas.api.addons;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import paas.api.domain.Addon;
import paas.api.domain.AddonKind;
import paas.api.domain.App;
import paas.api.domain.AppRef;
import paas.api.domain.BackupSchedule;
import paas.api.domain.PlatformException;
import paas.api.domain.ScheduleTime;
import paas.api.domain.Transfer;
import paas.api.domain.TransferName;
import paas.api.domain.User;
import paas.api.service.AppGuard;
import paas.api.store.AddonStore;
import paas.api.store.AppStore;
import paas.api.store.BackupStore;
import paas.api.store.Database;
import paas.process.RuntimeUnavailableException;
import paas.process.addons.AddonRuntime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * pg:backups: backups of PostgreSQL add-ons ({@code pg_dump -Fc} in the add-on's container, its
 * output streamed into the data dir, {@link BackupFiles}), restores from them, retention by count
 * ({@link BackupRetention}) and daily schedules ({@link ScheduleDue}, run by {@link BackupScheduler}).
 *
 * <p>A capture or restore answers at once with its transfer {@code running} and goes on on a
 * platform thread of its own (the exec blocks); its row says how it ended. One transfer at a time
 * per add-on. {@link #close} interrupts the transfers and waits (at most {@link #CLOSE_WAIT}) for
 * each to record how it ended. A paasd killed meanwhile leaves the row running; {@link #recover}
 * at the next start marks a backup failed (its partial file removed: a dump is only named once
 * whole) and a restore {@code interrupted}: its transaction may have committed just before the
 * kill, so "failed" or "rolled back" could be false, and only the data can tell. Thread-safe.
 */
public final class PgBackups implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("paasd.backups");
    /** How long {@link #close} waits for the transfers it interrupted to record how they ended. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
    /** Said of a restore that was cut off: whether its COMMIT ran is not known to paasd. */
    static final String OUTCOME_UNKNOWN = "whether its transaction committed before that is unknown: check the data"
            + " (`paas pg:psql`) and restore again if it is not the backup's";
    /** A whole dump to send: its file, its size, and the transfer it belongs to. */
    public record Download(Path file, long size, Transfer backup) {
    }

    private final Database db;
    private final Optional<AddonRuntime> runtime;
    private final BackupFiles files;
    private final BackupRetention retention;
    private final AddonLog appLog;
    private final Clock clock;
    private final BackupStore backups = new BackupStore();
    private final AddonStore addons;
    private final AppGuard guard;
    private final AddonGuard access;
    private final Map<UUID, Thread> running = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** When this paasd's backups began: a transfer started since is this paasd's own, never a leftover. */
    private final Instant since;

    /**
     * @param runtime    the add-on runtime; empty when paasd runs dynos as local processes (reading still works)
     * @param addonsRoot {@code DATA/addons}
     */
    public PgBackups(Database db, Optional<AddonRuntime> runtime, Path addonsRoot, int keepManual, int keepScheduled,
                     AddonLog appLog, Clock clock) {
        this.db = db;
        this.runtime = runtime;
        this.files = new BackupFiles(addonsRoot);
        this.retention = new BackupRetention(keepManual, keepScheduled);
        this.appLog = appLog;
        this.clock = clock;
        this.addons = new AddonStore(db.secrets());
        AppStore apps = new AppStore();
        this.guard = new AppGuard(apps);
        this.access = new AddonGuard(addons, apps, guard);
        this.since = now();
    }

    /** Starts a manual backup of the add-on (its id or name) in the app's numbering; answers it running. */
    public Transfer capture(User caller, String app, String addon) {
        AddonRuntime engine = requireRuntime();
        Transfer started = db.inTransaction(c -> {
            App locked = guard.requireLocked(c, caller, app);
            Addon target = requirePostgres(access.requireInScope(c, caller, Optional.of(app), addon));
            return insert(c, locked, target, Transfer.Kind.MANUAL, Optional.empty());
        });
        startBackup(engine, started);
        return started;
    }

    /** The app's backups and restores, newest first. */
    public List<Transfer> list(User caller, String app) {
        return db.inTransaction(c -> backups.ofApp(c, guard.require(c, caller, app).id()));
    }

    /** The app's transfer by name ({@code b001}), or its newest backup for "latest" or none. */
    public Transfer get(User caller, String app, Optional<String> name) {
        return db.inTransaction(c -> find(c, guard.require(c, caller, app), name, false));
    }

    /** A completed backup's dump, to stream to the caller. */
    public Download download(User caller, String app, Optional<String> name) {
        Transfer backup = db.inTransaction(c -> find(c, guard.require(c, caller, app), name, true));
        Path file = files.dump(backup.addonId(), backup.id());
        if (!java.nio.file.Files.isRegularFile(file)) {
            log.warn("app {}: the dump of {} is missing: {}", backup.app().name(), backup.name(), file);
            throw new PlatformException.NotFound("the dump of " + backup.name() + " is missing from the platform's"
                    + " data dir: capture a new backup with `paas pg:backups:capture -a " + backup.app().name() + "`");
        }
        try {
            return new Download(file, java.nio.file.Files.size(file), backup);
        } catch (IOException e) {
            log.warn("app {}: the dump of {} cannot be read: {}", backup.app().name(), backup.name(), e.toString());
            throw new PlatformException.Unavailable("the dump of " + backup.name() + " cannot be read (" + reason(e)
                    + "); paasd's log names the file");
        }
    }

    /**
     * Restores a completed backup of the app into the add-on, replacing everything in it. Refused
     * while other connections are open to the database (the app's dynos would write into a
     * database being replaced), unless {@code force}.
     */
    public Transfer restore(User caller, String app, Optional<String> backupName, String addon, boolean force) {
        AddonRuntime engine = requireRuntime();
        record Plan(Transfer backup, Addon target) {
        }
        Plan plan = db.inTransaction(c -> {
            App owner = guard.require(c, caller, app);
            Transfer backup = find(c, owner, backupName, true);
            Addon target = requirePostgres(access.requireManaged(c, caller,
                    access.requireInScope(c, caller, Optional.of(app), addon)));
            requireIdle(c, target);
            return new Plan(backup, target);
        });
        if (!force) {
            int others = new PostgresTools(engine).otherConnections(plan.target());
            if (others > 0) {
                throw new PlatformException.Conflict(plan.target().name() + " has " + others + " other open connection"
                        + (others == 1 ? "" : "s") + " (the app's dynos, a pg:psql, ...); a restore replaces everything"
                        + " in it. Stop them first: `paas maintenance:on -a " + app + "` and `paas ps:scale web=0 worker=0"
                        + " -a " + app + "` (every process type that uses the database), then restore again; or restore"
                        + " anyway with --force");
            }
        }
        Transfer started = db.inTransaction(c -> {
            App locked = guard.requireLocked(c, caller, app);
            Addon target = addons.find(c, plan.target().id().toString())
                    .orElseThrow(() -> AddonGuard.notFound(addon));
            return insert(c, locked, requirePostgres(target), Transfer.Kind.RESTORE, Optional.of(plan.backup().num()));
        });
        Addon target = plan.target();
        Transfer backup = plan.backup();
        start(started, () -> {
            try (InputStream dump = files.open(backup.addonId(), backup.id())) {
                return new PostgresTools(engine).restore(target, dump);
            }
        }, () -> OptionalLong.empty());
        return started;
    }

    /** Deletes a finished backup (or restore record) and its dump. */
    public Transfer delete(User caller, String app, String name) {
        Transfer deleted = db.inTransaction(c -> {
            App owner = guard.requireLocked(c, caller, app);
            Transfer t = find(c, owner, Optional.of(name), false);
            if (t.status() == Transfer.Status.RUNNING) {
                throw new PlatformException.Conflict(t.name() + " is still running: wait until `paas pg:backups:info "
                        + t.name() + " -a " + app + "` says it finished");
            }
            backups.delete(c, t.id());
            return t;
        });
        if (deleted.isBackup()) {
            files.delete(deleted.addonId(), deleted.id());
        }
        return deleted;
    }

    /** Sets (or moves) the add-on's daily backup to {@code at} ({@code 02:00 UTC}). */
    public BackupSchedule schedule(User caller, String app, String addon, String at) {
        ScheduleTime time = ScheduleTime.parse(at);
        return db.inTransaction(c -> {
            App owner = guard.requireLocked(c, caller, app);
            // One schedule per add-on: moving it takes managing the add-on, not only using it.
            Addon target = requirePostgres(access.requireManaged(c, caller,
                    access.requireInScope(c, caller, Optional.of(app), addon)));
            backups.schedule(c, target.id(), owner.id(), time, now());
            return backups.schedules(c, Optional.of(owner.id())).stream().filter(s -> s.addonId().equals(target.id()))
                    .findFirst().orElseThrow();
        });
    }

    /** Stops the add-on's daily backups; its backups stay. */
    public BackupSchedule unschedule(User caller, String app, String addon) {
        return db.inTransaction(c -> {
            App owner = guard.require(c, caller, app);
            Addon target = access.requireInScope(c, caller, Optional.of(app), addon);
            BackupSchedule schedule = backups.schedules(c, Optional.of(owner.id())).stream()
                    .filter(s -> s.addonId().equals(target.id())).findFirst()
                    .orElseThrow(() -> new PlatformException.NotFound(target.name() + " has no backup schedule:"
                            + " `paas pg:backups:schedules -a " + app + "` lists the app's"));
            backups.unschedule(c, target.id());
            return schedule;
        });
    }

    /** The schedules of the app's databases. */
    public List<BackupSchedule> schedules(User caller, String app) {
        return db.inTransaction(c -> backups.schedules(c, Optional.of(guard.require(c, caller, app).id())));
    }

    /**
     * At paasd's start, before the scheduler: backups a stopped paasd left running are marked
     * failed (their partial files removed), restores {@code interrupted} with their outcome unknown
     * (a kill between the restore's COMMIT and its record leaves a restored database), and files no
     * backup names any more are removed.
     */
    public void recover() {
        for (Transfer t : db.inTransaction(backups::running)) {
            if (running.containsKey(t.id()) || !t.startedAt().isBefore(since)) {
                continue;
            }
            if (t.isBackup()) {
                files.delete(t.addonId(), t.id());
            }
            Outcome outcome = t.isBackup() ? Outcome.failed("paasd stopped while it ran; its partial file was removed")
                    : Outcome.interrupted("paasd stopped while it ran; " + OUTCOME_UNKNOWN);
            db.inTransaction(c -> backups.finish(c, t.id(), outcome.status(), OptionalLong.empty(), outcome.error(),
                    now()));
            appLog.line(t.app().name(), describe(t) + " " + outcome.said());
        }
        sweep();
    }

    /** Removes dumps whose backup row is gone (with its add-on or app). Safe while backups run. */
    void sweep() {
        try {
            BackupFiles.Swept listed = files.listForSweep();
            record Named(List<UUID> backups, List<UUID> addons) {
            }
            Named named = db.inTransaction(c -> new Named(backups.backupIds(c),
                    addons.all(c).stream().map(Addon::id).toList()));
            int removed = listed.removeUnnamed(named.backups(), named.addons());
            if (removed > 0) {
                log.info("removed {} backup files no backup names any more", removed);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("looking for backup files to remove failed: {}", Database.rootMessage(e));
        }
    }

    /** Starts the scheduled backups due at {@code now}, each at most once a day (the claim is committed first). */
    void runDueSchedules(Instant now) {
        if (runtime.isEmpty()) {
            return;
        }
        for (BackupSchedule schedule : db.inTransaction(c -> backups.schedules(c, Optional.empty()))) {
            Optional<LocalDate> due = ScheduleDue.due(schedule, now);
            if (due.isEmpty()) {
                continue;
            }
            try {
                // The day is claimed in a transaction of its own: a run that cannot start (the database
                // busy, not provisioned) is skipped for the day and said once, not tried every tick.
                if (!db.inTransaction(c -> backups.claimRun(c, schedule.addonId(), due.get()))) {
                    continue;
                }
                Optional<Transfer> started = db.inTransaction(c -> {
                    new AppStore().lock(c, schedule.app().id());
                    Addon addon = addons.find(c, schedule.addonId().toString()).orElseThrow();
                    App app = new AppStore().find(c, schedule.app().id().toString()).orElseThrow();
                    return Optional.of(insert(c, app, requirePostgres(addon), Transfer.Kind.SCHEDULED, Optional.empty()));
                });
                started.ifPresent(t -> {
                    appLog.line(t.app().name(), "scheduled backup " + t.name() + " of " + t.addonName() + " ("
                            + schedule.at().text() + ") started");
                    startBackup(runtime.get(), t);
                });
            } catch (RuntimeException e) {
                log.warn("scheduled backup of {} not started: {}", schedule.addonName(), Database.rootMessage(e));
                appLog.line(schedule.app().name(), "scheduled backup of " + schedule.addonName() + " skipped today: "
                        + Database.rootMessage(e));
            }
        }
    }

    /**
     * Ends the transfers running in this paasd and waits, at most {@link #CLOSE_WAIT} in all, for
     * each to record how it ended (a backup failed, a restore interrupted); one that does not is
     * left to the next start's {@link #recover}.
     */
    @Override
    public void close() {
        closed = true;
        List<Thread> threads = List.copyOf(running.values());
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread thread : threads) {
            try {
                if (!thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    log.warn("{} did not end within {} s of paasd's stop; the next start records it", thread.getName(),
                            CLOSE_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void startBackup(AddonRuntime engine, Transfer backup) {
        BackupFiles.Writing[] writing = new BackupFiles.Writing[1];
        start(backup, () -> {
            Optional<Addon> addon = db.inTransaction(c -> addons.find(c, backup.addonId().toString()));
            if (addon.isEmpty()) {
                return failure("add-on " + backup.addonName() + " was destroyed meanwhile");
            }
            try (BackupFiles.Writing file = files.create(backup.addonId(), backup.id())) {
                writing[0] = file;
                Optional<String> failed = new PostgresTools(engine).dump(addon.get(), file.stream());
                if (failed.isPresent()) {
                    return failed;
                }
                try {
                    file.complete();
                } catch (IOException e) {
                    return failure("writing the dump to the data dir failed: " + reason(e)
                            + " (the earlier backups are kept; free space in PAAS_DATA_DIR and capture again)");
                }
                return Optional.empty();
            } catch (IOException e) {
                return failure("creating the dump file in the data dir failed: " + reason(e));
            }
        }, () -> writing[0] == null ? OptionalLong.empty() : OptionalLong.of(writing[0].written()));
    }

    /**
     * What went wrong with a file, for the app's users: the system's reason ("No space left on
     * device") without the path, which is the operator's data dir, not theirs.
     */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e instanceof java.nio.file.FileSystemException ? e.getClass().getSimpleName() : String.valueOf(e.getMessage());
    }

    @FunctionalInterface
    private interface Work {
        /** Does the transfer's work; empty when it succeeded, else why it failed. */
        Optional<String> run() throws IOException, InterruptedException;
    }

    /** Runs the work on a platform thread of its own and records how it ended. */
    private void start(Transfer t, Work work, java.util.function.Supplier<OptionalLong> size) {
        if (closed) {
            // Started as paasd stops (a request or tick racing close()): it never ran, so it certainly failed.
            finish(t, Outcome.failed("paasd was stopping when it was to start; start it again"), OptionalLong.empty());
            return;
        }
        Thread thread = Thread.ofPlatform().daemon().name("pg-" + t.name() + "-" + t.app().name()).unstarted(() -> {
            Outcome outcome;
            try {
                outcome = work.run().map(Outcome::failed).orElse(Outcome.COMPLETED);
            } catch (InterruptedException e) {
                // The exec was cut off: a restore's psql may have sent its COMMIT already.
                outcome = t.isBackup() ? Outcome.failed("paasd stopped while it ran")
                        : Outcome.interrupted("paasd stopped while it ran; " + OUTCOME_UNKNOWN);
            } catch (IOException e) {
                log.warn("{} of app {} failed: {}", t.name(), t.app().name(), e.toString());
                outcome = Outcome.failed(reason(e));
            } catch (RuntimeUnavailableException e) {
                String why = "the Docker engine does not answer (" + Database.rootMessage(e) + ")";
                outcome = t.isBackup() ? Outcome.failed(why) : Outcome.interrupted(why + "; " + OUTCOME_UNKNOWN);
            } catch (RuntimeException e) {
                outcome = Outcome.failed(Database.rootMessage(e));
            }
            finish(t, outcome, size.get());
            running.remove(t.id());
        });
        running.put(t.id(), thread);
        thread.start();
    }

    /**
     * How a transfer ended: completed, failed (certainly without effect: a dump not named, a
     * restore whose psql ended with an error before any COMMIT), or interrupted (a restore cut off,
     * which may have committed).
     */
    private record Outcome(Transfer.Status status, Optional<String> error) {
        static final Outcome COMPLETED = new Outcome(Transfer.Status.COMPLETED, Optional.empty());

        static Outcome failed(String why) {
            return new Outcome(Transfer.Status.FAILED, Optional.of(why));
        }

        static Outcome interrupted(String why) {
            return new Outcome(Transfer.Status.INTERRUPTED, Optional.of(why));
        }

        /** For the app's log: "completed", "failed: why", "was interrupted: why". */
        String said() {
            return switch (status) {
                case COMPLETED -> "completed";
                case INTERRUPTED -> "was interrupted: " + error.orElseThrow();
                default -> "failed: " + error.orElseThrow();
            };
        }
    }

    private static String describe(Transfer t) {
        return t.kind() == Transfer.Kind.RESTORE ? "restore " + t.name() + " into " + t.addonName()
                : "backup " + t.name() + " of " + t.addonName();
    }

    private void finish(Transfer t, Outcome outcome, OptionalLong size) {
        try {
            boolean completed = outcome.status() == Transfer.Status.COMPLETED;
            if (!completed && t.isBackup()) {
                files.delete(t.addonId(), t.id());
            }
            // Retention in the same transaction: nobody sees the new backup completed beside one it expired.
            boolean recorded = db.inTransaction(c -> {
                boolean finished = backups.finish(c, t.id(), outcome.status(), completed ? size : OptionalLong.empty(),
                        outcome.error(), now());
                if (finished && completed && t.isBackup()) {
                    expire(c, t.app());
                }
                return finished;
            });
            if (!recorded) {
                // Recorded already (another paasd's recover() took it for a leftover): its row says it did not complete.
                if (completed && t.isBackup()) {
                    files.delete(t.addonId(), t.id());
                }
                return;
            }
            appLog.line(t.app().name(), describe(t) + " " + outcome.said());
        } catch (RuntimeException e) {
            log.warn("{} of app {}: recording its end failed (the next start marks it failed): {}", t.name(),
                    t.app().name(), Database.rootMessage(e));
        }
    }

    /**
     * Retention, as a backup completes: the app's backups beyond the counts go, with their files
     * (removed before the commit: should it fail, those rows stay without a dump, which a download
     * reports, rather than a dump being read while its row goes).
     */
    private void expire(Connection c, AppRef app) throws SQLException {
        List<Transfer> expired = retention.expired(backups.ofApp(c, app.id()));
        for (Transfer t : expired) {
            backups.delete(c, t.id());
            files.delete(t.addonId(), t.id());
        }
        if (!expired.isEmpty()) {
            log.info("app {}: retention removed {}", app.name(), expired.stream().map(Transfer::name).toList());
        }
    }

    private Transfer insert(Connection c, App app, Addon addon, Transfer.Kind kind, Optional<Integer> source)
            throws SQLException {
        // The app's lock is taken already; two apps attached to one database take this one too.
        addons.lock(c, addon.id());
        requireIdle(c, addon);
        Transfer t = new Transfer(UUID.randomUUID(), new AppRef(app.id(), app.name()), backups.nextNumber(c, app.id()),
                kind, addon.id(), addon.name(), source, Transfer.Status.RUNNING, OptionalLong.empty(), Optional.empty(),
                now(), Optional.empty());
        backups.insert(c, t);
        return t;
    }

    private void requireIdle(Connection c, Addon addon) throws SQLException {
        Optional<Transfer> busy = backups.ofAddon(c, addon.id()).stream()
                .filter(t -> t.status() == Transfer.Status.RUNNING).findFirst();
        if (busy.isPresent()) {
            throw new PlatformException.Conflict(addon.name() + " is busy with " + busy.get().name() + " of app "
                    + busy.get().app().name() + ": wait until it finished (`paas pg:backups:info " + busy.get().name()
                    + " -a " + busy.get().app().name() + "`)");
        }
    }

    /** The named transfer of the app; without a name (or "latest"), its newest completed backup. */
    private Transfer find(Connection c, App app, Optional<String> name, boolean completedBackup) throws SQLException {
        List<Transfer> all = backups.ofApp(c, app.id());
        Optional<String> typed = name.filter(n -> !n.isBlank() && !n.equals("latest"));
        Transfer found;
        if (typed.isEmpty()) {
            found = all.stream().filter(Transfer::isBackup).filter(t -> t.status() == Transfer.Status.COMPLETED)
                    .findFirst().orElseThrow(() -> new PlatformException.NotFound("app " + app.name() + " has no"
                            + " completed backup: capture one with `paas pg:backups:capture -a " + app.name() + "`"));
        } else {
            TransferName wanted = TransferName.parse(typed.get());
            found = all.stream().filter(t -> wanted.names(t.kind(), t.num())).findFirst()
                    .orElseThrow(() -> new PlatformException.NotFound("app " + app.name() + " has no backup "
                            + typed.get() + ": `paas pg:backups -a " + app.name() + "` lists its backups"));
        }
        if (completedBackup && (!found.isBackup() || found.status() != Transfer.Status.COMPLETED)) {
            throw new PlatformException.InvalidParams(found.name() + " is " + (found.isBackup()
                    ? "a backup that is " + found.status().value() : "a restore, not a backup")
                    + ": only a completed backup can be restored or downloaded; `paas pg:backups -a " + app.name()
                    + "` lists them");
        }
        return found;
    }

    private static Addon requirePostgres(Addon addon) {
        if (addon.kind() != AddonKind.POSTGRESQL) {
            throw new PlatformException.InvalidParams(addon.name() + " is a " + addon.kind().value() + " add-on:"
                    + " pg:backups works on PostgreSQL add-ons only");
        }
        if (addon.state() != Addon.State.PROVISIONED) {
            throw new PlatformException.InvalidParams("add-on " + addon.name() + " is " + addon.state().value()
                    + ": wait until `paas addons:info " + addon.name() + "` says provisioned");
        }
        return addon;
    }

    private AddonRuntime requireRuntime() {
        return runtime.orElseThrow(() -> new PlatformException.Unavailable("add-ons run as containers of a Docker"
                + " engine, and this paasd runs dynos as local processes (PAAS_RUNTIME=local): start a Docker engine"
                + " (deploy/docker/ensure-engine.sh) and restart paasd without PAAS_RUNTIME=local"));
    }

    private static Optional<String> failure(String why) {
        return Optional.of(why);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
