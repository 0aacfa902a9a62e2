-- Collaborators (docs/api.md, "Collaborators"): users other than the owner who may act on an app
-- as its owner does, except destroy, rename or transfer it, or manage its collaborators.
-- Portable SQL for H2 and PostgreSQL.
--
-- A collaborator row goes with its app (CASCADE) and with its user (CASCADE): destroying either
-- leaves no row that names something gone. Disabling a user keeps their rows, as it keeps
-- everything else about them; their tokens stop working, so the rows grant nothing meanwhile.

CREATE TABLE app_collaborators (
    id         UUID PRIMARY KEY,
    app_id     UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT app_collaborators_app_user_unique UNIQUE (app_id, user_id)
);

CREATE INDEX app_collaborators_user ON app_collaborators (user_id);
