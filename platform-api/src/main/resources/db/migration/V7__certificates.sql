-- TLS certificates (Heroku's SNI endpoints) and the apps' TLS settings. Portable SQL for H2 and
-- PostgreSQL. Private keys are sealed with the platform key (paas.api.store.SecretBox, as config
-- values are): key_sealed holds them; private_key stays NULL and exists only so the key rotation
-- and sweep (SecretColumn) treat these like every other secret column.

CREATE TABLE certificates (
    id          UUID PRIMARY KEY,
    app_id      UUID NOT NULL REFERENCES apps (id) ON DELETE CASCADE,
    name        VARCHAR(64) NOT NULL UNIQUE,
    chain_pem   VARCHAR(65536) NOT NULL,
    private_key VARCHAR(16384),
    key_sealed  BYTEA,
    hostnames   VARCHAR(8192) NOT NULL,
    subject     VARCHAR(1024) NOT NULL,
    issuer      VARCHAR(1024) NOT NULL,
    trusted     BOOLEAN NOT NULL,
    not_before  TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after   TIMESTAMP WITH TIME ZONE NOT NULL,
    source      VARCHAR(16) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX certificates_app ON certificates (app_id);

-- Automated certificate management (certs:auto) and the redirect of plain HTTP to HTTPS.
ALTER TABLE apps ADD COLUMN acm BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE apps ADD COLUMN https_only BOOLEAN DEFAULT FALSE NOT NULL;

-- The platform's own secrets by name: the ACME account key, the fallback certificate's key.
CREATE TABLE platform_secrets (
    name          VARCHAR(64) PRIMARY KEY,
    secret_value  VARCHAR(16384),
    secret_sealed BYTEA,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
