package paas.api.addons;

import org.junit.jupiter.api.Test;
import paas.api.domain.AddonName;
import paas.api.domain.AppName;
import paas.api.domain.AppRef;
import paas.api.domain.BackupSchedule;
import paas.api.domain.PlatformException;
import paas.api.domain.ScheduleTime;
import paas.api.domain.Transfer;
import paas.api.domain.TransferName;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of pg:backups without a store: retention, names, schedule times, when a schedule is due. */
class BackupRulesTest {
    private static final AppRef APP = new AppRef(UUID.randomUUID(), new AppName("shop"));
    private static final UUID DB1 = UUID.randomUUID();
    private static final UUID DB2 = UUID.randomUUID();

    private static Transfer t(int num, Transfer.Kind kind, UUID addon, Transfer.Status status) {
        return new Transfer(UUID.randomUUID(), APP, num, kind, addon, new AddonName("postgresql-a-00001"),
                Optional.empty(), status, OptionalLong.empty(), Optional.empty(), Instant.EPOCH, Optional.empty());
    }

    @Test
    void retentionKeepsTheNewestCompletedPerDatabaseAndKind() {
        List<Transfer> all = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            all.add(t(n, Transfer.Kind.MANUAL, DB1, Transfer.Status.COMPLETED));
        }
        all.add(t(6, Transfer.Kind.SCHEDULED, DB1, Transfer.Status.COMPLETED));
        all.add(t(7, Transfer.Kind.MANUAL, DB2, Transfer.Status.COMPLETED));
        all.add(t(8, Transfer.Kind.RESTORE, DB1, Transfer.Status.COMPLETED));
        all.add(t(9, Transfer.Kind.MANUAL, DB1, Transfer.Status.RUNNING));

        List<Transfer> expired = new BackupRetention(2, 1).expired(all);

        assertThat(expired).extracting(Transfer::num).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void aFailedBackupNeitherCountsAsKeptNorOutlivesItsWindow() {
        List<Transfer> all = List.of(t(1, Transfer.Kind.MANUAL, DB1, Transfer.Status.COMPLETED),
                t(2, Transfer.Kind.MANUAL, DB1, Transfer.Status.FAILED),
                t(3, Transfer.Kind.MANUAL, DB1, Transfer.Status.COMPLETED),
                t(4, Transfer.Kind.MANUAL, DB1, Transfer.Status.FAILED));

        assertThat(new BackupRetention(2, 2).expired(all)).extracting(Transfer::num).containsExactly(2);
        assertThatThrownBy(() -> new BackupRetention(0, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transferNamesAreHerokusWithTheKindsLetter() {
        assertThat(TransferName.format(Transfer.Kind.MANUAL, 1)).isEqualTo("b001");
        assertThat(TransferName.format(Transfer.Kind.SCHEDULED, 1234)).isEqualTo("a1234");
        assertThat(TransferName.parse("b001").names(Transfer.Kind.MANUAL, 1)).isTrue();
        assertThat(TransferName.parse("B001").names(Transfer.Kind.MANUAL, 1)).isTrue();
        assertThat(TransferName.parse("7").names(Transfer.Kind.SCHEDULED, 7)).isTrue();
        assertThat(TransferName.parse("a007").names(Transfer.Kind.MANUAL, 7)).isFalse();
        for (String bad : List.of("", "b", "b0", "x001", "b-1", "b001/../x", "b1234567890")) {
            assertThatThrownBy(() -> TransferName.parse(bad)).as(bad).isInstanceOf(PlatformException.InvalidParams.class);
        }
    }

    @Test
    void scheduleTimesAreOnTheHourInAZoneAsHerokusCliTakesThem() {
        assertThat(ScheduleTime.parse("02:00 UTC")).isEqualTo(new ScheduleTime(2, ZoneId.of("UTC")));
        assertThat(ScheduleTime.parse("2:00")).isEqualTo(new ScheduleTime(2, ZoneId.of("UTC")));
        assertThat(ScheduleTime.parse("23:00 America/New_York").zone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(ScheduleTime.parse("06:00 PST").zone()).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(ScheduleTime.parse("02:00 UTC").text()).isEqualTo("02:00 UTC");
        for (String bad : List.of("24:00", "02:30 UTC", "2am", "02:00 Not/AZone", "02:00 UTC extra", "")) {
            assertThatThrownBy(() -> ScheduleTime.parse(bad)).as(bad).isInstanceOf(PlatformException.InvalidParams.class);
        }
    }

    private static BackupSchedule schedule(String at, String created, String lastRun) {
        return new BackupSchedule(DB1, new AddonName("postgresql-a-00001"), APP, ScheduleTime.parse(at),
                Optional.ofNullable(lastRun).map(LocalDate::parse), Instant.parse(created));
    }

    @Test
    void aScheduleIsDueOnceItsHourCameAndNotYetRunThatDay() {
        BackupSchedule s = schedule("02:00 UTC", "2026-12-01T10:00:00Z", null);
        assertThat(ScheduleDue.due(s, Instant.parse("2026-12-04T01:59:59Z"))).isEmpty();
        assertThat(ScheduleDue.due(s, Instant.parse("2026-12-04T02:00:00Z"))).contains(LocalDate.parse("2026-12-04"));
        assertThat(ScheduleDue.due(s, Instant.parse("2026-12-04T09:00:00Z"))).as("catching up after a downtime")
                .contains(LocalDate.parse("2026-12-04"));
        BackupSchedule ran = schedule("02:00 UTC", "2026-12-01T10:00:00Z", "2026-12-04");
        assertThat(ScheduleDue.due(ran, Instant.parse("2026-12-04T09:00:00Z"))).isEmpty();
        assertThat(ScheduleDue.due(ran, Instant.parse("2026-12-05T02:00:00Z"))).contains(LocalDate.parse("2026-12-05"));
    }

    @Test
    void aScheduleSetAfterItsHourWaitsForTomorrowUnlessSetWithinThatHour() {
        assertThat(ScheduleDue.due(schedule("02:00 UTC", "2026-12-04T05:00:00Z", null),
                Instant.parse("2026-12-04T05:01:00Z"))).isEmpty();
        assertThat(ScheduleDue.due(schedule("05:00 UTC", "2026-12-04T05:20:00Z", null),
                Instant.parse("2026-12-04T05:21:00Z"))).contains(LocalDate.parse("2026-12-04"));
    }

    @Test
    void aScheduleFollowsItsZonesCalendarDay() {
        BackupSchedule berlin = schedule("00:00 Europe/Berlin", "2026-12-01T00:00:00Z", "2026-12-04");
        // 23:30 UTC on the 4th is 00:30 on the 5th in Berlin.
        assertThat(ScheduleDue.due(berlin, Instant.parse("2026-12-04T23:30:00Z"))).contains(LocalDate.parse("2026-12-05"));
    }
}
