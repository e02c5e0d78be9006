-- Accounts, API tokens, sockets and tunnels: the first schema, in SQL that SQLite and PostgreSQL both run.
-- Emails and dns names are unique ignoring case through the lower(...) indexes of V4.
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL,
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
    dns_name    TEXT NOT NULL,
    socket_type TEXT NOT NULL,
    port        INTEGER UNIQUE,
    created_at  TEXT NOT NULL
);
CREATE INDEX sockets_owner ON sockets (owner_id);

CREATE TABLE tunnels (
    id              TEXT PRIMARY KEY,
    socket_id       TEXT NOT NULL REFERENCES sockets (id) ON DELETE CASCADE,
    credential_hash TEXT NOT NULL,
    bytes_in        BIGINT NOT NULL DEFAULT 0,
    bytes_out       BIGINT NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);
CREATE INDEX tunnels_socket ON tunnels (socket_id);
