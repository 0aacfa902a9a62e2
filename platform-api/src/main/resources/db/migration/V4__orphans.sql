-- What the platform found running or stored that the store cannot account for (a container of an
-- app the store does not know, a slug file no slug record names), and since when. Kept here rather
-- than in memory so a restart neither resets the grace period nor removes anything at start.
-- Portable SQL for H2 and PostgreSQL.

CREATE TABLE orphans (
    platform      VARCHAR(100) NOT NULL, -- the paasd installation (data dir) that found it
    kind          VARCHAR(16)  NOT NULL, -- dyno | slug
    resource_id   VARCHAR(200) NOT NULL, -- container id, or the slug's sha256
    app_name      VARCHAR(100),
    dyno_name     VARCHAR(100),
    first_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (platform, kind, resource_id)
);
