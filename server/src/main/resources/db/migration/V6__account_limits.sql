-- Limits an admin set for one account; NULL follows the server's --max-sockets-per-user / --max-ports-per-user.
ALTER TABLE users ADD COLUMN max_sockets INTEGER;
ALTER TABLE users ADD COLUMN max_ports INTEGER;
