-- An add-on that was provisioned and whose data volume paasd later finds gone from the engine
-- (removed by hand, lost with the engine's storage) is not made again on an empty volume: it is
-- left stopped, and data_missing_since records when paasd found it so (docs/addons.md). Cleared
-- when the volume is back, or when its owner re-provisions it onto an empty volume on purpose.
ALTER TABLE addons ADD COLUMN data_missing_since TIMESTAMP WITH TIME ZONE;
