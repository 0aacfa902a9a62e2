-- Add-ons (managed PostgreSQL and Redis, docs/addons.md): one row per add-on and one per
-- attachment of an add-on to an app. Portable SQL for H2 and PostgreSQL.
--
-- The add-on's password is sealed with the platform key (paas.api.store.SecretBox, as config
-- values are): password_sealed holds it; password stays NULL and exists only so the key rotation
-- and sweep (SecretColumn) treat it like every other secret column.
--
-- app_id is the app that owns the add-on. Destroying that app leaves the add-on without an owner
-- (SET NULL) rather than deleting the row: its container and volume still exist, and paasd
-- (AddonService.settle) either hands it to another attached app or destroys it, also after a
-- crash in between. An app's attachments go with the app (CASCADE).
--
-- attach_as: the attachment name a create asked for (--as), kept until the add-on is provisioned,
-- so a create that paasd finishes after a restart attaches it under that name too.

CREATE TABLE addons (
    id              UUID PRIMARY KEY,
    name            VARCHAR(64) NOT NULL UNIQUE,
    kind            VARCHAR(16) NOT NULL,
    plan            VARCHAR(16) NOT NULL,
    app_id          UUID REFERENCES apps (id) ON DELETE SET NULL,
    state           VARCHAR(16) NOT NULL,
    attach_as       VARCHAR(64),
    password        VARCHAR(256),
    password_sealed BYTEA,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX addons_app ON addons (app_id);

CREATE TABLE addon_attachments (
    id         UUID PRIMARY KEY,
    addon_id   UUID NOT NULL REFERENCES addons (id) ON DELETE CASCADE,
    app_id     UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    name       VARCHAR(64) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    UNIQUE (app_id, name)
);

CREATE INDEX addon_attachments_addon ON addon_attachments (addon_id);
