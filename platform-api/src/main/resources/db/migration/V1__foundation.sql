-- Portable SQL: the same script runs on H2 and PostgreSQL (so no reserved words such as VALUE or KEY as names).

CREATE TABLE users (
    id          UUID PRIMARY KEY,
    email       VARCHAR(254) NOT NULL UNIQUE,
    admin       BOOLEAN NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE tokens (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  CHAR(64) NOT NULL UNIQUE,
    description VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE apps (
    id          UUID PRIMARY KEY,
    name        VARCHAR(30) NOT NULL UNIQUE,
    owner_id    UUID NOT NULL REFERENCES users (id),
    stack       VARCHAR(40) NOT NULL,
    maintenance BOOLEAN NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The app's current config; each release keeps its own copy in release_config_vars.
CREATE TABLE config_vars (
    app_id UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    var_name  VARCHAR(255) NOT NULL,
    var_value VARCHAR(32768) NOT NULL,
    PRIMARY KEY (app_id, var_name)
);

CREATE TABLE releases (
    id          UUID PRIMARY KEY,
    app_id      UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    description VARCHAR(1000) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    slug_id     UUID,
    user_id     UUID REFERENCES users (id) ON DELETE SET NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT releases_app_version_unique UNIQUE (app_id, version)
);

CREATE TABLE release_config_vars (
    release_id UUID NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    var_name   VARCHAR(255) NOT NULL,
    var_value  VARCHAR(32768) NOT NULL,
    PRIMARY KEY (release_id, var_name)
);

CREATE TABLE release_process_types (
    release_id UUID NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    type       VARCHAR(63) NOT NULL,
    command    VARCHAR(4096) NOT NULL,
    PRIMARY KEY (release_id, type)
);

CREATE TABLE formation (
    app_id     UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    type       VARCHAR(63) NOT NULL,
    quantity   INTEGER NOT NULL,
    size       VARCHAR(40) NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (app_id, type)
);

CREATE TABLE domains (
    id         UUID PRIMARY KEY,
    app_id     UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    hostname   VARCHAR(253) NOT NULL UNIQUE,
    kind       VARCHAR(16) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
