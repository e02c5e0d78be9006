// A stored tunnel: the credential (hashed) of one origin of a socket, and its traffic totals.
package dev.portway.server.store;

public record TunnelRecord(String id, String socketId, String credentialHash, long bytesIn, long bytesOut,
                           String createdAt) {
}
