// A stored socket: the public endpoint a user owns.
package dev.portway.server.store;

public record SocketRecord(String id, String ownerId, String name, String dnsName, String socketType,
                           Integer port, String createdAt) {
}
