-- Certificates by ACME (RFC 8555), kept in the store so that every node serves them and one node orders each name.
-- Times shown to people (certificates) are ISO-8601 UTC text like created_at; times only compared (leases,
-- challenges) are epoch milliseconds like the cluster tables'.

-- One row per name the server wants a certificate for ("*.DOMAIN" for the wildcard): the issued chain and its key
-- (NULL until issued), what it says, and the engine's state (the CA's last error, when to try again, a forced renewal).
CREATE TABLE certificates (
    name            TEXT PRIMARY KEY,
    chain_pem       TEXT,
    key_pem         TEXT,
    issuer          TEXT,
    not_before      TEXT,
    not_after       TEXT,
    last_error      TEXT,
    next_attempt_at TEXT,
    renew_requested INTEGER NOT NULL DEFAULT 0,
    updated_at      TEXT NOT NULL
);

-- The ACME account of each CA directory: its key pair (PEM) and, once registered, its URL at the CA.
CREATE TABLE acme_accounts (
    directory TEXT PRIMARY KEY,
    key_pem   TEXT NOT NULL,
    location  TEXT
);

-- Pending HTTP-01 challenges: token -> key authorization, so that whichever node the CA reaches can answer.
CREATE TABLE acme_challenges (
    token             TEXT PRIMARY KEY,
    key_authorization TEXT NOT NULL,
    created_at        BIGINT NOT NULL
);

-- Which node is ordering a name, until when unless renewed: one order per name at a time, and a dead node's lease
-- simply runs out.
CREATE TABLE acme_leases (
    name       TEXT PRIMARY KEY,
    node_id    TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- New orders placed for each user's names (a first certificate, not a renewal), so that no user can spend the CA's
-- rate limits, which are the server's account's and domain's: --certificate-rate over all nodes. Pruned past it.
CREATE TABLE acme_orders (
    owner_id   TEXT NOT NULL,
    name       TEXT NOT NULL,
    ordered_at BIGINT NOT NULL
);
CREATE INDEX acme_orders_owner ON acme_orders (owner_id, ordered_at);

-- Issued certificates of names no longer served (a socket deleted), kept for a while: a name served again soon (the
-- same --subdomain created again) gets its certificate back instead of a duplicate order. Columns as certificates.
CREATE TABLE acme_released (
    name            TEXT PRIMARY KEY,
    chain_pem       TEXT NOT NULL,
    key_pem         TEXT NOT NULL,
    issuer          TEXT,
    not_before      TEXT,
    not_after       TEXT NOT NULL,
    next_attempt_at TEXT,
    released_at     BIGINT NOT NULL
);
