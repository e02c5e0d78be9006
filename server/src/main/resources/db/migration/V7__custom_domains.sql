-- Custom domains: a user's own names routed to one of their sockets once a TXT record proves they hold them.
-- A name belongs to one socket server-wide (stored lower-case, so the key is unique ignoring case) and goes with
-- its socket, and so with its user. Times are epoch milliseconds: compared, never shown.
CREATE TABLE custom_domains (
    name          TEXT PRIMARY KEY,
    socket_id     TEXT NOT NULL REFERENCES sockets (id) ON DELETE CASCADE,
    -- What the TXT record _portway.NAME must hold: random per socket and domain.
    txt_value     TEXT NOT NULL,
    -- pending (still checking), verified (served), failed (not seen within 24 h of check_since).
    status        TEXT NOT NULL,
    -- When the current round of checks began (the name was added, or "verify" asked again).
    check_since   BIGINT NOT NULL,
    -- When a checker (on any node) looks it up next; claimed by a conditional update, so one node at a time.
    next_check_at BIGINT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX custom_domains_socket ON custom_domains (socket_id);
CREATE INDEX custom_domains_due ON custom_domains (status, next_check_at);
