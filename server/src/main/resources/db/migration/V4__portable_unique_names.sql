-- Unique ignoring case on both databases (SQLite's COLLATE NOCASE is unknown to PostgreSQL). Databases made before
-- Flyway have these columns UNIQUE COLLATE NOCASE already: the indexes add the same rule, which their rows obey.
CREATE UNIQUE INDEX IF NOT EXISTS users_email_lower ON users (lower(email));
CREATE UNIQUE INDEX IF NOT EXISTS sockets_dns_name_lower ON sockets (lower(dns_name));

-- The history of the migration code before Flyway, baselined into flyway_schema_history (see store.Schema).
DROP TABLE IF EXISTS schema_version;
