package paas.api.addons;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import paas.api.TestDatabases;
import paas.api.domain.Addon;
import paas.api.domain.DynoSizes;
import paas.api.domain.PlatformException;
import paas.api.domain.Quotas;
import paas.api.domain.Transfer;
import paas.api.domain.User;
import paas.api.service.Services;
import paas.api.store.Database;
import paas.api.store.TestSecrets;
import paas.logs.DrainPolicy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * pg:backups over a real store (H2, and PostgreSQL where bin/test provides one) and real files, with scripted tools in place of the add-on's
 * container: numbering, retention, failures that keep the earlier backups, restores refused while
 * the database is in use, the scheduler's one run a day, and what a restart finds.
 */
@ParameterizedClass
@MethodSource("kinds")
class PgBackupsTest {
    @Parameter
    TestDatabases.Kind kind;
    private final TestDatabases databases = new TestDatabases();
    private final ScriptedExecRuntime runtime = new ScriptedExecRuntime();
    private final List<String> appLog = Collections.synchronizedList(new ArrayList<>());
    @TempDir
    Path data;
    private Database db;
    private User alice;
    private Addon addon;
    private PgBackups backups;
    private AddonService addons;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(databases.newDatabase(kind), TestSecrets.box());
        Services services = Services.wire(db, "paas.test", DynoSizes.standard(), Quotas.defaults(), event -> { },
                DrainPolicy.allowingLoopback());
        services.accounts().bootstrapAdmin("admin@paas.test", Optional.of("admin-token-for-tests-0001"));
        User admin = services.accounts().authenticate("admin-token-for-tests-0001").orElseThrow();
        alice = services.accounts().authenticate(services.accounts().createUser(admin, "alice@paas.test").secret())
                .orElseThrow();
        services.apps().create(alice, Optional.of("shop"));
        services.apps().create(alice, Optional.of("blog"));
        addons = new AddonService(db, Optional.of(AddonProviders.standard(runtime)), (app, text) -> { },
                event -> { }, Clock.systemUTC(), Duration.ofSeconds(5));
        addon = addons.create(alice, "shop", "postgresql", Optional.empty(), Optional.empty()).addon();
        backups = backups(2, 2, Clock.systemUTC());
    }

    static List<TestDatabases.Kind> kinds() {
        return TestDatabases.kinds().toList();
    }

    private PgBackups backups(int keepManual, int keepScheduled, Clock clock) {
        return new PgBackups(db, Optional.of(runtime), data.resolve("addons"), keepManual, keepScheduled,
                (app, text) -> appLog.add(app + ": " + text), clock);
    }

    @AfterEach
    void close() {
        if (backups != null) {
            backups.close();
        }
        if (db != null) {
            db.close();
        }
        databases.close();
    }

    private Transfer finished(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Transfer t = backups.get(alice, "shop", Optional.of(name));
            if (t.status() != Transfer.Status.RUNNING) {
                return t;
            }
            assertThat(System.nanoTime()).as(name + " still running").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private Transfer capture() throws InterruptedException {
        return finished(backups.capture(alice, "shop", addon.name().value()).name());
    }

    private Path dumpOf(Transfer t) {
        return data.resolve("addons").resolve(t.addonId().toString()).resolve("backups").resolve(t.id() + ".dump");
    }

    private List<Path> filesOf(Addon a) throws Exception {
        Path dir = data.resolve("addons").resolve(a.id().toString()).resolve("backups");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aCaptureWritesTheDumpOnlyForItsOwnerAndNumbersPerApp() throws Exception {
        Transfer first = capture();

        assertThat(first.name()).isEqualTo("b001");
        assertThat(first.status()).isEqualTo(Transfer.Status.COMPLETED);
        assertThat(first.sizeBytes().getAsLong()).isEqualTo(runtime.dump.length);
        assertThat(Files.readAllBytes(dumpOf(first))).isEqualTo(runtime.dump);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dumpOf(first)))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dumpOf(first).getParent())))
                .isEqualTo("rwx------");
        assertThat(runtime.commands.getFirst()).containsExactly("pg_dump", "-Fc", "-d",
                PostgresProvider.database(addon));
        assertThat(capture().name()).isEqualTo("b002");
        assertThat(backups.get(alice, "shop", Optional.empty()).name()).as("latest").isEqualTo("b002");
    }

    @Test
    void retentionKeepsTheNewestOfEachKindAndNumbersAreNeverReused() throws Exception {
        Transfer b1 = capture();
        capture();
        capture();

        assertThat(backups.list(alice, "shop")).extracting(Transfer::name).containsExactly("b003", "b002");
        assertThat(dumpOf(b1)).doesNotExist();
        assertThat(filesOf(addon)).hasSize(2);
        backups.delete(alice, "shop", "b003");
        assertThat(capture().name()).as("a deleted number is not given again").isEqualTo("b004");
    }

    @Test
    void aFailedDumpIsMarkedWithItsReasonLeavesNoFileAndKeepsTheEarlierBackups() throws Exception {
        Transfer good = capture();
        runtime.dumpExit = 1;
        runtime.dumpStderr = "pg_dump: error: could not write: No space left on device\n";

        Transfer failed = capture();

        assertThat(failed.status()).isEqualTo(Transfer.Status.FAILED);
        assertThat(failed.error().orElseThrow()).contains("exit code 1").contains("No space left on device");
        assertThat(filesOf(addon)).containsExactly(dumpOf(good));
        assertThat(Files.readAllBytes(dumpOf(good))).isEqualTo(runtime.dump);
        assertThat(backups.get(alice, "shop", Optional.empty()).name()).as("latest completed").isEqualTo("b001");
        assertThatThrownBy(() -> backups.download(alice, "shop", Optional.of("b002")))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("failed");
    }

    @Test
    void outputThatIsNoCustomFormatArchiveFailsTheBackup() throws Exception {
        runtime.dump = "not a dump".getBytes(StandardCharsets.UTF_8);

        Transfer t = capture();

        assertThat(t.status()).isEqualTo(Transfer.Status.FAILED);
        assertThat(t.error().orElseThrow()).contains("not a custom-format archive");
        assertThat(filesOf(addon)).isEmpty();
    }

    @Test
    void aFullDiskMidWriteIsReportedByCompleteAndTheTargetIsNeverMade() throws Exception {
        Path target = data.resolve("never.dump");
        try (var full = java.nio.channels.FileChannel.open(Path.of("/dev/full"), java.nio.file.StandardOpenOption.WRITE);
             BackupFiles.Writing writing = new BackupFiles.Writing(data.resolve("x.partial"), target, full)) {
            writing.stream().write("PGDMP and more".getBytes(StandardCharsets.UTF_8)); // never throws to the copier

            assertThatThrownBy(writing::complete).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("No space left on device");
        }
        assertThat(target).doesNotExist();
    }

    @Test
    void aRestoreIsRefusedWhileOthersAreConnectedUnlessForcedAndReadsTheDump() throws Exception {
        capture();
        runtime.otherConnections = 2;

        assertThatThrownBy(() -> backups.restore(alice, "shop", Optional.of("b001"), addon.name().value(), false))
                .isInstanceOf(PlatformException.Conflict.class)
                .hasMessageContaining("2 other open connections")
                .hasMessageContaining("paas ps:scale web=0 worker=0 -a shop")
                .hasMessageContaining("--force");
        assertThat(backups.list(alice, "shop")).hasSize(1);

        Transfer restore = finished(backups.restore(alice, "shop", Optional.of("b001"), addon.name().value(), true)
                .name());

        assertThat(restore.name()).isEqualTo("r002");
        assertThat(restore.status()).isEqualTo(Transfer.Status.COMPLETED);
        assertThat(restore.sourceNum()).contains(1);
        assertThat(runtime.restoredInputs).containsExactly(runtime.dump);
        assertThat(runtime.commands.getLast()).containsExactly("bash", "-c", PostgresTools.RESTORE_SCRIPT,
                PostgresProvider.user(addon), PostgresProvider.database(addon));
    }

    @Test
    void aBackupARestartedPaasdFindsRunningIsMarkedFailedAndItsPartialFileRemoved() throws Exception {
        runtime.dumpHold = new CountDownLatch(1);
        Transfer running = backups.capture(alice, "shop", addon.name().value());
        assertThat(runtime.dumpStarted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(filesOf(addon)).hasSize(1).allMatch(p -> p.toString().endsWith(".partial"));

        PgBackups restarted = backups(2, 2, Clock.systemUTC());
        restarted.recover();

        Transfer after = backups.get(alice, "shop", Optional.of(running.name()));
        assertThat(after.status()).isEqualTo(Transfer.Status.FAILED);
        assertThat(after.error().orElseThrow()).contains("paasd stopped while it ran");
        assertThat(filesOf(addon)).isEmpty();
        CountDownLatch held = runtime.dumpHold;
        runtime.dumpHold = null;
        held.countDown();
        assertThat(capture().status()).as("a failed row does not hold the add-on").isEqualTo(Transfer.Status.COMPLETED);
    }

    @Test
    void aRestoreARestartedPaasdFindsRunningIsInterruptedWithItsOutcomeUnknownNotFailed() throws Exception {
        capture();
        runtime.restoreHold = new CountDownLatch(1);
        Transfer running = backups.restore(alice, "shop", Optional.of("b001"), addon.name().value(), true);
        assertThat(runtime.restoreStarted.await(5, TimeUnit.SECONDS)).isTrue();

        // A paasd killed while the restore ran (its COMMIT may have gone through): the next start cannot know.
        PgBackups restarted = backups(2, 2, Clock.systemUTC());
        restarted.recover();

        Transfer after = backups.get(alice, "shop", Optional.of(running.name()));
        assertThat(after.status()).isEqualTo(Transfer.Status.INTERRUPTED);
        assertThat(after.error().orElseThrow()).contains("paasd stopped while it ran",
                "whether its transaction committed before that is unknown: check the data");
        assertThat(after.error().orElseThrow()).doesNotContain("rolled back");
        assertThat(appLog).contains("shop: restore " + running.name() + " into " + addon.name()
                + " was interrupted: " + after.error().orElseThrow());
        runtime.restoreHold.countDown(); // the old paasd's thread ends: the row is not rewritten
        Thread.sleep(200);
        assertThat(backups.get(alice, "shop", Optional.of(running.name())).status())
                .isEqualTo(Transfer.Status.INTERRUPTED);
        assertThat(appLog).noneMatch(line -> line.endsWith(running.name() + " into " + addon.name() + " completed"));
        assertThat(finished(backups.restore(alice, "shop", Optional.of("b001"), addon.name().value(), true).name())
                .status()).as("an interrupted restore does not hold the add-on").isEqualTo(Transfer.Status.COMPLETED);
    }

    @Test
    void closeInterruptsRunningTransfersAndWaitsUntilEachRecordedHowItEnded() throws Exception {
        capture();
        runtime.restoreHold = new CountDownLatch(1);
        Transfer restore = backups.restore(alice, "shop", Optional.of("b001"), addon.name().value(), true);
        assertThat(runtime.restoreStarted.await(5, TimeUnit.SECONDS)).isTrue();

        long started = System.nanoTime();
        backups.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PgBackups.CLOSE_WAIT);

        // Recorded before close returned: cut off mid-exec, a restore's outcome is unknown.
        Transfer after = backups.get(alice, "shop", Optional.of(restore.name()));
        assertThat(after.status()).isEqualTo(Transfer.Status.INTERRUPTED);
        assertThat(after.error().orElseThrow()).contains("unknown");

        runtime.restoreHold = null;
        runtime.dumpHold = new CountDownLatch(1);
        backups = backups(2, 2, Clock.systemUTC());
        Transfer backup = backups.capture(alice, "shop", addon.name().value());
        assertThat(runtime.dumpStarted.await(5, TimeUnit.SECONDS)).isTrue();
        backups.close();
        assertThat(backups.get(alice, "shop", Optional.of(backup.name())).status())
                .as("a cut-off backup has no whole dump: failed").isEqualTo(Transfer.Status.FAILED);
        assertThat(filesOf(addon)).hasSize(1).noneMatch(p -> p.toString().endsWith(".partial"));
    }

    @Test
    void twoTransfersStartedAtOnceThroughTwoAppsOnOneDatabaseStartOneAtATime() throws Exception {
        capture();
        addons.attach(alice, addon.name().value(), "blog", Optional.empty());
        List<String> started = Collections.synchronizedList(new ArrayList<>());
        List<Throwable> refused = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < 10; round++) {
            CountDownLatch hold = new CountDownLatch(1); // the one that starts keeps running through the round
            runtime.dumpHold = hold;
            runtime.restoreHold = hold;
            CyclicBarrier together = new CyclicBarrier(2);
            // Different apps, so the app locks do not order them: only the add-on's row lock does.
            Thread capture = Thread.ofPlatform().start(() -> attempt(together, started, refused,
                    () -> backups.capture(alice, "blog", addon.name().value())));
            Thread restore = Thread.ofPlatform().start(() -> attempt(together, started, refused,
                    () -> backups.restore(alice, "shop", Optional.of("b001"), addon.name().value(), true)));
            capture.join(10_000);
            restore.join(10_000);
            assertThat(started).as("round " + round + ": exactly one starts").hasSize(1);
            assertThat(refused).hasSize(1).allSatisfy(e -> assertThat(e).isInstanceOf(PlatformException.Conflict.class)
                    .hasMessageContaining("is busy with"));
            hold.countDown();
            String app = started.getFirst().startsWith("r") ? "shop" : "blog";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (backups.get(alice, app, Optional.of(started.getFirst())).status() == Transfer.Status.RUNNING) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(10);
            }
            started.clear();
            refused.clear();
        }
    }

    private static void attempt(CyclicBarrier together, List<String> started, List<Throwable> refused,
                                java.util.function.Supplier<Transfer> transfer) {
        try {
            together.await(5, TimeUnit.SECONDS);
            started.add(transfer.get().name());
        } catch (RuntimeException e) {
            refused.add(e);
        } catch (Exception e) {
            refused.add(e);
        }
    }

    @Test
    void aScheduleRunsOnceADayAcrossTicksAndRestarts() throws Exception {
        Instant created = Instant.parse("2026-12-04T01:30:00Z");
        PgBackups early = backups(2, 2, Clock.fixed(created, ZoneOffset.UTC));
        early.schedule(alice, "shop", addon.name().value(), "02:00 UTC");
        Instant due = Instant.parse("2026-12-04T02:00:30Z");

        early.runDueSchedules(Instant.parse("2026-12-04T01:59:00Z"));
        assertThat(early.list(alice, "shop")).isEmpty();
        early.runDueSchedules(due);
        early.runDueSchedules(due.plusSeconds(60));
        backups(2, 2, Clock.systemUTC()).runDueSchedules(due.plusSeconds(120)); // a restarted paasd

        Transfer scheduled = finished("a001");
        assertThat(scheduled.kind()).isEqualTo(Transfer.Kind.SCHEDULED);
        assertThat(early.list(alice, "shop")).hasSize(1);
        assertThat(appLog).anyMatch(l -> l.contains("scheduled backup a001 of " + addon.name() + " (02:00 UTC) started"));
        early.runDueSchedules(Instant.parse("2026-12-05T02:00:00Z"));
        assertThat(finished("a002").status()).isEqualTo(Transfer.Status.COMPLETED);
    }

    @Test
    void aScheduledRunThatFindsTheDatabaseBusyIsSkippedForTheDayAndSaidOnce() throws Exception {
        backups.schedule(alice, "shop", addon.name().value(), "00:00 UTC");
        runtime.dumpHold = new CountDownLatch(1);
        Transfer manual = backups.capture(alice, "shop", addon.name().value());
        assertThat(runtime.dumpStarted.await(5, TimeUnit.SECONDS)).isTrue();

        Instant later = java.time.LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
                .plusSeconds(30); // tomorrow: a schedule set after its hour first runs the next day
        backups.runDueSchedules(later);
        backups.runDueSchedules(later.plusSeconds(60));

        assertThat(appLog.stream().filter(l -> l.contains("skipped today"))).hasSize(1)
                .allMatch(l -> l.contains("busy with " + manual.name()));
        runtime.dumpHold.countDown();
        assertThat(finished(manual.name()).status()).isEqualTo(Transfer.Status.COMPLETED);
        assertThat(backups.list(alice, "shop")).extracting(Transfer::name).containsExactly(manual.name());
    }

    @Test
    void namesAndTimesFromOutsideAreCheckedBeforeAnythingChanges() throws Exception {
        assertThatThrownBy(() -> backups.get(alice, "shop", Optional.of("../../etc")))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("b001");
        assertThatThrownBy(() -> backups.schedule(alice, "shop", addon.name().value(), "02:30 UTC"))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("HH:00");
        assertThatThrownBy(() -> backups.schedule(alice, "shop", addon.name().value(), "02:00 Mars/Olympus"))
                .isInstanceOf(PlatformException.InvalidParams.class).hasMessageContaining("time zone");
        assertThat(backups.schedules(alice, "shop")).isEmpty();
        assertThatThrownBy(() -> backups.restore(alice, "shop", Optional.empty(), addon.name().value(), true))
                .isInstanceOf(PlatformException.NotFound.class).hasMessageContaining("pg:backups:capture");
    }
}
