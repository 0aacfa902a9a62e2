package paas.api.store;

import paas.api.domain.AddonName;
import paas.api.domain.AppName;
import paas.api.domain.AppRef;
import paas.api.domain.BackupSchedule;
import paas.api.domain.ScheduleTime;
import paas.api.domain.Transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Backups and restores of PostgreSQL add-ons ({@code addon_transfers}), their per-app numbers, and
 * the daily backup schedules. Methods run on the caller's connection, inside its transaction; a
 * caller numbering a new transfer holds the app's lock.
 */
public final class BackupStore {
    private static final String TRANSFER = "SELECT t.id, t.app_id, p.name AS app_name, t.num, t.kind, t.addon_id,"
            + " a.name AS addon_name, t.source_num, t.status, t.size_bytes, t.error, t.started_at, t.finished_at"
            + " FROM addon_transfers t JOIN apps p ON p.id = t.app_id JOIN addons a ON a.id = t.addon_id";
    private static final String SCHEDULE = "SELECT s.addon_id, a.name AS addon_name, s.app_id, p.name AS app_name,"
            + " s.hour_of_day, s.zone, s.last_run_on, s.created_at FROM backup_schedules s"
            + " JOIN apps p ON p.id = s.app_id JOIN addons a ON a.id = s.addon_id";

    /** The app's next transfer number; never one used before, also after deletes. Hold the app's lock. */
    public int nextNumber(Connection c, UUID appId) throws SQLException {
        int last = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT last_num FROM backup_counters WHERE app_id = ?")) {
            ps.setObject(1, appId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    last = rs.getInt(1);
                }
            }
        }
        String sql = last == 0 ? "INSERT INTO backup_counters (last_num, app_id) VALUES (?, ?)"
                : "UPDATE backup_counters SET last_num = ? WHERE app_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, last + 1);
            ps.setObject(2, appId);
            ps.executeUpdate();
        }
        return last + 1;
    }

    public void insert(Connection c, Transfer t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO addon_transfers (id, app_id, num, kind, addon_id,"
                + " source_num, status, size_bytes, error, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, t.id());
            ps.setObject(2, t.app().id());
            ps.setInt(3, t.num());
            ps.setString(4, t.kind().value());
            ps.setObject(5, t.addonId());
            ps.setObject(6, t.sourceNum().orElse(null));
            ps.setString(7, t.status().value());
            ps.setObject(8, t.sizeBytes().isPresent() ? t.sizeBytes().getAsLong() : null);
            ps.setString(9, t.error().orElse(null));
            Rows.setInstant(ps, 10, t.startedAt());
            Rows.setInstant(ps, 11, t.finishedAt().orElse(null));
            ps.executeUpdate();
        }
    }

    /** Ends a running transfer: completed (with its size for a backup) or failed (with why). */
    public boolean finish(Connection c, UUID id, Transfer.Status status, OptionalLong size, Optional<String> error,
                          Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE addon_transfers SET status = ?, size_bytes = ?, error = ?,"
                + " finished_at = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, status.value());
            ps.setObject(2, size.isPresent() ? size.getAsLong() : null);
            ps.setString(3, error.map(e -> e.length() > 2000 ? e.substring(0, 1997) + "..." : e).orElse(null));
            Rows.setInstant(ps, 4, at);
            ps.setObject(5, id);
            ps.setString(6, Transfer.Status.RUNNING.value());
            return ps.executeUpdate() == 1;
        }
    }

    public Optional<Transfer> find(Connection c, UUID id) throws SQLException {
        return transfers(c, TRANSFER + " WHERE t.id = ?", id).stream().findFirst();
    }

    /** The app's transfers, newest first. */
    public List<Transfer> ofApp(Connection c, UUID appId) throws SQLException {
        return transfers(c, TRANSFER + " WHERE t.app_id = ? ORDER BY t.num DESC", appId);
    }

    /** The add-on's transfers, of every app, newest first. */
    public List<Transfer> ofAddon(Connection c, UUID addonId) throws SQLException {
        return transfers(c, TRANSFER + " WHERE t.addon_id = ? ORDER BY t.started_at DESC, t.num DESC", addonId);
    }

    /** Transfers still running, of every app (after a restart: those a killed paasd left). */
    public List<Transfer> running(Connection c) throws SQLException {
        return transfers(c, TRANSFER + " WHERE t.status = ? ORDER BY t.started_at", Transfer.Status.RUNNING.value());
    }

    /** The ids of every backup row, whatever its state: the files they may own. */
    public List<UUID> backupIds(Connection c) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        for (String id : Rows.strings(c, "SELECT id FROM addon_transfers WHERE kind <> 'restore'")) {
            ids.add(UUID.fromString(id.strip()));
        }
        return ids;
    }

    public void delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM addon_transfers WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
    }

    /** Sets (or replaces) the add-on's daily schedule. */
    public void schedule(Connection c, UUID addonId, UUID appId, ScheduleTime at, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM backup_schedules WHERE addon_id = ?")) {
            ps.setObject(1, addonId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO backup_schedules (addon_id, app_id, hour_of_day, zone,"
                + " last_run_on, created_at) VALUES (?, ?, ?, ?, NULL, ?)")) {
            ps.setObject(1, addonId);
            ps.setObject(2, appId);
            ps.setInt(3, at.hour());
            ps.setString(4, at.zone().getId());
            Rows.setInstant(ps, 5, now);
            ps.executeUpdate();
        }
    }

    public boolean unschedule(Connection c, UUID addonId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM backup_schedules WHERE addon_id = ?")) {
            ps.setObject(1, addonId);
            return ps.executeUpdate() > 0;
        }
    }

    /** Every schedule, or those of add-ons owned by or attached to the app. */
    public List<BackupSchedule> schedules(Connection c, Optional<UUID> appId) throws SQLException {
        if (appId.isEmpty()) {
            return schedules(c, SCHEDULE + " ORDER BY a.name");
        }
        return schedules(c, SCHEDULE + " WHERE s.app_id = ? OR s.addon_id IN (SELECT addon_id FROM addon_attachments"
                + " WHERE app_id = ?) ORDER BY a.name", appId.get(), appId.get());
    }

    /**
     * Claims the run of {@code date} for the add-on's schedule: true for the one caller that moved
     * its last run to that date (committed before the backup starts, so a restart never runs it again).
     */
    public boolean claimRun(Connection c, UUID addonId, LocalDate date) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE backup_schedules SET last_run_on = ? WHERE addon_id = ?"
                + " AND (last_run_on IS NULL OR last_run_on < ?)")) {
            ps.setString(1, date.toString());
            ps.setObject(2, addonId);
            ps.setString(3, date.toString());
            return ps.executeUpdate() == 1;
        }
    }

    private static List<BackupSchedule> schedules(Connection c, String sql, Object... params) throws SQLException {
        List<BackupSchedule> found = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String last = rs.getString("last_run_on");
                found.add(new BackupSchedule(Rows.uuid(rs, "addon_id"), new AddonName(rs.getString("addon_name")),
                        new AppRef(Rows.uuid(rs, "app_id"), new AppName(rs.getString("app_name"))),
                        new ScheduleTime(rs.getInt("hour_of_day"), ZoneId.of(rs.getString("zone"))),
                        Optional.ofNullable(last).map(LocalDate::parse), Rows.instant(rs, "created_at")));
            }
        }
        return found;
    }

    private static List<Transfer> transfers(Connection c, String sql, Object... params) throws SQLException {
        List<Transfer> found = new ArrayList<>();
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long size = rs.getLong("size_bytes");
                OptionalLong sizeBytes = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(size);
                int source = rs.getInt("source_num");
                Optional<Integer> sourceNum = rs.wasNull() ? Optional.empty() : Optional.of(source);
                found.add(new Transfer(Rows.uuid(rs, "id"),
                        new AppRef(Rows.uuid(rs, "app_id"), new AppName(rs.getString("app_name"))), rs.getInt("num"),
                        Transfer.Kind.of(rs.getString("kind")), Rows.uuid(rs, "addon_id"),
                        new AddonName(rs.getString("addon_name")), sourceNum, Transfer.Status.of(rs.getString("status")),
                        sizeBytes, Optional.ofNullable(rs.getString("error")), Rows.instant(rs, "started_at"),
                        Optional.ofNullable(Rows.instant(rs, "finished_at"))));
            }
        }
        return found;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }
}
