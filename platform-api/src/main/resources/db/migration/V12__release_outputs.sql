-- The output of a release's release phase (the `release` process type's command), which Heroku's
-- output_stream_url serves (docs/api.md, "Releases"). Portable SQL for H2 and PostgreSQL.
--
-- One row per release whose release phase finished, written in the transaction that marks the
-- release succeeded or failed, so an output is there exactly when the release is no longer
-- pending. It goes with its release (CASCADE), and so with its app. Kept as build output is: its
-- last 1,000,000 characters.
CREATE TABLE release_outputs (
    release_id UUID PRIMARY KEY REFERENCES releases (id) ON DELETE CASCADE,
    output     VARCHAR(1000000) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
