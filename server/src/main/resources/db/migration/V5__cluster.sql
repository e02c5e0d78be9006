-- Several nodes on one PostgreSQL store (see docs/scale.md). Times are epoch milliseconds: compared, never shown.
-- A single SQLite server has these tables too and leaves them empty.

-- Each running node, heartbeated: where its tunnel port is (for agents and for the other nodes) and the SHA-256
-- fingerprint of its certificate, which the other nodes pin when they relay visitors to it.
CREATE TABLE cluster_nodes (
    node_id     TEXT PRIMARY KEY,
    address     TEXT NOT NULL,
    tunnel_port INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);

-- Which node holds a tunnel's link now. A tunnel has one live link, so one lease; a reconnect elsewhere takes it over.
CREATE TABLE tunnel_leases (
    tunnel_id    TEXT PRIMARY KEY,
    socket_id    TEXT NOT NULL,
    dns_name     TEXT NOT NULL,
    node_id      TEXT NOT NULL,
    node_address TEXT NOT NULL,
    agent_host      TEXT,
    agent_address   TEXT,
    connected_since TEXT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX tunnel_leases_node ON tunnel_leases (node_id);

-- Settings the nodes share: the cluster key that authenticates one node to another.
CREATE TABLE cluster_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- What a node did to links that another node may hold (kick a tunnel, drop a user's links): the others replay it.
CREATE TABLE cluster_signals (
    id         ${auto_id},
    node_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
