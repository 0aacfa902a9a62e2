package paas.api.addons;

import paas.api.domain.BackupSchedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * When a daily schedule runs: once today's {@code HH:00} in its zone has come, if it has not run on
 * that date. A paasd that was down at that time catches up later the same day (not for days
 * gone by). A schedule set after today's time first runs tomorrow, unless it was set within that
 * very hour (scheduling {@code 14:00} at 14:20 backs up now).
 */
final class ScheduleDue {
    private ScheduleDue() {
    }

    /** The zone's date to run for now, if the schedule is due at {@code now}. */
    static Optional<LocalDate> due(BackupSchedule schedule, Instant now) {
        ZonedDateTime local = now.atZone(schedule.at().zone());
        LocalDate today = local.toLocalDate();
        Instant slot = today.atTime(schedule.at().hour(), 0).atZone(schedule.at().zone()).toInstant();
        if (now.isBefore(slot) || schedule.lastRunOn().map(d -> !d.isBefore(today)).orElse(false)) {
            return Optional.empty();
        }
        boolean existedAtSlot = !schedule.createdAt().isAfter(slot);
        boolean setWithinTheHour = schedule.createdAt().isBefore(slot.plus(Duration.ofHours(1)));
        return existedAtSlot || setWithinTheHour ? Optional.of(today) : Optional.empty();
    }
}
