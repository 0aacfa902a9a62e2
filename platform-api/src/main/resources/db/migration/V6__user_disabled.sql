-- An admin can disable a user: their tokens stop working (API, git, open streams) until the user
-- is enabled again; nothing else about the user or their apps changes. Portable SQL for H2 and
-- PostgreSQL.

ALTER TABLE users ADD COLUMN disabled BOOLEAN DEFAULT FALSE NOT NULL;
