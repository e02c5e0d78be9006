-- Operating a server: last-seen times, the audit log, the first admin, and API tokens hashed with SHA-256.
ALTER TABLE users ADD COLUMN last_seen_at TEXT;

-- A server that has no admin yet makes its oldest account one.
UPDATE users SET is_admin = 1
 WHERE id = (SELECT id FROM users ORDER BY created_at, id LIMIT 1)
   AND NOT EXISTS (SELECT 1 FROM users WHERE is_admin = 1);

-- Tokens were stored as PBKDF2 hashes, which cannot be turned into SHA-256 ones without the token itself:
-- every client signs in again once.
DELETE FROM api_tokens;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Every admin action and every sign-in. Actor and target are copied as text: the log outlives deleted users.
-- auto_id: the dialect's self-numbering key (store.Dialect).
CREATE TABLE audit_log (
    id             ${auto_id},
    at             TEXT NOT NULL,
    actor_id       TEXT,
    actor_email    TEXT,
    action         TEXT NOT NULL,
    target         TEXT,
    detail         TEXT,
    remote_address TEXT
);
