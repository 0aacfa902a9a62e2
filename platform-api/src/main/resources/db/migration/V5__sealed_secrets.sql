-- Secrets at rest: config values (the current ones and each release's copy) and log drain URLs
-- (which may carry credentials) are sealed with the platform key (AES-256-GCM, paas.api.store.SecretBox)
-- into the new *_sealed columns. A row written before this version keeps its value in the old column
-- until paasd seals it at its next start (SecretSweep), in one UPDATE that fills the one column and
-- clears the other: a row always holds exactly one of the two.
--
-- Each statement may run again: on H2 a DDL statement commits at once, so a paasd killed half-way
-- through this script runs it again from the top at its next start. Portable SQL for H2 and PostgreSQL
-- (BYTEA is H2's name for BINARY VARYING too).

ALTER TABLE config_vars ADD COLUMN IF NOT EXISTS var_sealed BYTEA;
ALTER TABLE config_vars ALTER COLUMN var_value DROP NOT NULL;

ALTER TABLE release_config_vars ADD COLUMN IF NOT EXISTS var_sealed BYTEA;
ALTER TABLE release_config_vars ALTER COLUMN var_value DROP NOT NULL;

-- A sealed URL leaves url NULL, so UNIQUE (app_id, url) no longer holds for them: DrainService
-- refuses a second drain to the same URL under the app's lock.
ALTER TABLE log_drains ADD COLUMN IF NOT EXISTS url_sealed BYTEA;
ALTER TABLE log_drains ALTER COLUMN url DROP NOT NULL;

-- The platform keys that may have sealed a value here (their fingerprints), see SealingKeys.
CREATE TABLE IF NOT EXISTS sealing_keys (
    key_id   VARCHAR(64) PRIMARY KEY,
    added_at TIMESTAMP WITH TIME ZONE NOT NULL
);
