-- pg:backups (docs/addons.md#backups): backups of PostgreSQL add-ons and restores into them, and
-- the daily backup schedules. Portable SQL for H2 and PostgreSQL.
--
-- addon_transfers: one row per backup (kind manual or scheduled) and per restore, numbered per
-- app as Heroku numbers them (b001 manual, a002 scheduled, r003 restore: one sequence per app,
-- never reused, kept in backup_counters). A backup's dump is the file
-- DATA/addons/<addon_id>/backups/<id>.dump; its row says whether the file is whole (completed).
-- A backup goes with its add-on (CASCADE; paasd removes the files left without a row) and with its
-- app. source_num: the backup a restore read.

CREATE TABLE addon_transfers (
    id          UUID PRIMARY KEY,
    app_id      UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    num         INTEGER NOT NULL,
    kind        VARCHAR(16) NOT NULL,
    addon_id    UUID NOT NULL REFERENCES addons (id) ON DELETE CASCADE,
    source_num  INTEGER,
    status      VARCHAR(16) NOT NULL,
    size_bytes  BIGINT,
    error       VARCHAR(2000),
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at TIMESTAMP WITH TIME ZONE,
    UNIQUE (app_id, num)
);

CREATE INDEX addon_transfers_addon ON addon_transfers (addon_id);

CREATE TABLE backup_counters (
    app_id   UUID PRIMARY KEY REFERENCES apps (id) ON DELETE CASCADE,
    last_num INTEGER NOT NULL
);

-- One daily schedule per database, as on Heroku: at hour_of_day:00 in zone. Its backups are
-- numbered in app_id (the app it was scheduled from). last_run_on: the zone's date of the last run,
-- written before that run starts, so a restarted paasd never runs the same day twice.
CREATE TABLE backup_schedules (
    addon_id    UUID PRIMARY KEY REFERENCES addons (id) ON DELETE CASCADE,
    app_id      UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    hour_of_day INTEGER NOT NULL,
    zone        VARCHAR(64) NOT NULL,
    last_run_on VARCHAR(10),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
