-- A database as the migration code before Flyway (store/Migrations.java, schema versions 1-3) left it, with rows:
-- the fixture for SchemaTest's in-place upgrade. Built from that code's three scripts, unchanged.
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL);
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE sockets (
    id          TEXT PRIMARY KEY,
    owner_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    dns_name    TEXT NOT NULL UNIQUE COLLATE NOCASE,
    socket_type TEXT NOT NULL,
    port        INTEGER UNIQUE,
    created_at  TEXT NOT NULL
);
CREATE INDEX sockets_owner ON sockets (owner_id);

CREATE TABLE tunnels (
    id              TEXT PRIMARY KEY,
    socket_id       TEXT NOT NULL REFERENCES sockets (id) ON DELETE CASCADE,
    credential_hash TEXT NOT NULL,
    bytes_in        INTEGER NOT NULL DEFAULT 0,
    bytes_out       INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);
CREATE INDEX tunnels_socket ON tunnels (socket_id);
ALTER TABLE sockets ADD COLUMN protected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sockets ADD COLUMN username TEXT;
ALTER TABLE sockets ADD COLUMN password_hash TEXT;
ALTER TABLE sockets ADD COLUMN allow_ips TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN last_seen_at TEXT;

UPDATE users SET is_admin = 1
 WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1)
   AND NOT EXISTS (SELECT 1 FROM users WHERE is_admin = 1);

DELETE FROM api_tokens;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    actor_id       TEXT,
    actor_email    TEXT,
    action         TEXT NOT NULL,
    target         TEXT,
    detail         TEXT,
    remote_address TEXT
);
INSERT INTO schema_version VALUES (1, 'V1__init.sql', '2026-01-01T00:00:00Z');
INSERT INTO schema_version VALUES (2, 'V2__socket_access.sql', '2026-02-01T00:00:00Z');
INSERT INTO schema_version VALUES (3, 'V3__admin.sql', '2026-03-01T00:00:00Z');
INSERT INTO users (id, email, password_hash, is_admin, disabled, created_at, last_seen_at) VALUES ('u1', 'Ann@Example.com', 'h1', 1, 0, '2026-01-01T00:00:00Z', '2026-03-02T00:00:00Z');
INSERT INTO users (id, email, password_hash, is_admin, disabled, created_at) VALUES ('u2', 'bob@example.com', 'h2', 0, 1, '2026-01-02T00:00:00Z');
INSERT INTO api_tokens VALUES ('tok1', 'u1', 'sha', '2026-03-02T00:00:00Z');
INSERT INTO sockets (id, owner_id, name, dns_name, socket_type, port, created_at, protected, username, password_hash, allow_ips) VALUES ('s1', 'u1', 'web', 'red-sky-0001.localhost', 'http', NULL, '2026-01-03T00:00:00Z', 1, 'alice', 'ph', '10.0.0.0/8');
INSERT INTO sockets (id, owner_id, name, dns_name, socket_type, port, created_at) VALUES ('s2', 'u1', 'db', 'blue-sea-0002.localhost', 'tcp', 20005, '2026-01-04T00:00:00Z');
INSERT INTO tunnels VALUES ('t1', 's1', 'ch', 5000000000, 7, '2026-01-05T00:00:00Z');
INSERT INTO audit_log (at, actor_id, actor_email, action, target, detail, remote_address) VALUES ('2026-03-02T00:00:00Z', 'u1', 'Ann@Example.com', 'login', 'user Ann@Example.com', NULL, '127.0.0.1');
