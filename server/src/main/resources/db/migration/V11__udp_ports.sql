-- udp sockets hold a port of UDP's own space (--udp-ports), which may equal a tcp or tls socket's TCP port: a column
-- of its own, unique among udp sockets, keeps sockets.port (and every tcp socket) as it was.
ALTER TABLE sockets ADD COLUMN udp_port INTEGER;
CREATE UNIQUE INDEX sockets_udp_port ON sockets (udp_port);
