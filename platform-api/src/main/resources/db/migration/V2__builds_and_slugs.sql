-- Builds from git pushes and the slugs they make. Portable SQL for H2 and PostgreSQL.

CREATE TABLE slugs (
    id          UUID PRIMARY KEY,
    app_id      UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    sha256      CHAR(64) NOT NULL,
    size_bytes  BIGINT NOT NULL,
    commit_sha  VARCHAR(64),
    buildpack   VARCHAR(200),
    stack       VARCHAR(40) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE slug_process_types (
    slug_id UUID NOT NULL REFERENCES slugs (id) ON DELETE CASCADE,
    type    VARCHAR(63) NOT NULL,
    command VARCHAR(4096) NOT NULL,
    PRIMARY KEY (slug_id, type)
);

CREATE TABLE builds (
    id          UUID PRIMARY KEY,
    app_id      UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    status      VARCHAR(16) NOT NULL,
    commit_sha  VARCHAR(64) NOT NULL,
    user_id     UUID REFERENCES users (id) ON DELETE SET NULL,
    slug_id     UUID,
    release_id  UUID,
    output      VARCHAR(1000000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The buildpacks an app asked for with `paas buildpacks:set`, in order; none means detect.
CREATE TABLE app_buildpacks (
    app_id    UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    ordinal   INTEGER NOT NULL,
    buildpack VARCHAR(1000) NOT NULL,
    PRIMARY KEY (app_id, ordinal)
);
