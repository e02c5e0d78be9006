-- Custom domains: a user's own names routed to one of their sockets once a TXT record proves they hold them.
-- Anyone may type any name, so a claim that is not proven blocks nobody: several sockets may claim one name, each
-- with its own TXT value, and the first verified claim makes it that socket's, server-wide (the partial unique index
-- below; names are stored lower-case, so it is unique ignoring case). A claim goes with its socket, and so with its
-- user. Times are epoch milliseconds: compared, never shown.
CREATE TABLE custom_domains (
    name          TEXT NOT NULL,
    socket_id     TEXT NOT NULL REFERENCES sockets (id) ON DELETE CASCADE,
    -- What the TXT record _portway.NAME must hold: random per socket and domain.
    txt_value     TEXT NOT NULL,
    -- pending (still checking), verified (served), failed (not seen within 24 h of check_since,
    -- or another socket's claim was verified first).
    status        TEXT NOT NULL,
    -- When the current round of checks began (the name was added, or "verify" asked again).
    check_since   BIGINT NOT NULL,
    -- When a checker (on any node) looks it up next; claimed by a conditional update, so one node at a time.
    next_check_at BIGINT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (socket_id, name)
);
-- One verified claim per name, on every node: a second socket's verification fails on it (SQLite and PostgreSQL
-- both have partial indexes).
CREATE UNIQUE INDEX custom_domains_verified ON custom_domains (name) WHERE status = 'verified';
CREATE INDEX custom_domains_name ON custom_domains (name);
CREATE INDEX custom_domains_due ON custom_domains (status, next_check_at);
