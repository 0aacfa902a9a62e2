package paas.api.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A PostgreSQL add-on's daily backup, as {@code pg:backups:schedule --at '02:00 UTC'} set it: one per
 * add-on, its backups numbered in {@code app}. {@code lastRunOn} is the zone's date of the last run.
 */
public record BackupSchedule(UUID addonId, AddonName addonName, AppRef app, ScheduleTime at,
                             Optional<LocalDate> lastRunOn, Instant createdAt) {
    public BackupSchedule {
        Objects.requireNonNull(addonId, "addonId");
        Objects.requireNonNull(addonName, "addonName");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(lastRunOn, "lastRunOn");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
