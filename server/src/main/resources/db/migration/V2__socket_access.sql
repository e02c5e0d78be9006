-- Visitor access control per socket: Basic auth for HTTP(S) visitors and an IP allow list for every type.
ALTER TABLE sockets ADD COLUMN protected INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sockets ADD COLUMN username TEXT;
ALTER TABLE sockets ADD COLUMN password_hash TEXT;
-- Comma-separated CIDR blocks; empty lets any address in.
ALTER TABLE sockets ADD COLUMN allow_ips TEXT NOT NULL DEFAULT '';
