-- Log drains: where a copy of each app's log stream goes. Portable SQL for H2 and PostgreSQL.

CREATE TABLE log_drains (
    id         UUID PRIMARY KEY,
    app_id     UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    url        VARCHAR(2048) NOT NULL,
    token      VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (app_id, url)
);
