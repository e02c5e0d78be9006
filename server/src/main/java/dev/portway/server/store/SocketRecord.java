// A stored socket: the public endpoint a user owns, its dedicated port (tcp, tls) and who may visit it.
package dev.portway.server.store;

import java.util.List;

public record SocketRecord(String id, String ownerId, String name, String dnsName, String socketType,
                           Integer port, boolean isProtected, String username, String passwordHash,
                           List<String> allowIps, String createdAt) {

    public SocketRecord {
        allowIps = allowIps == null ? List.of() : List.copyOf(allowIps);
    }

    /** An unprotected socket open to any address. */
    public static SocketRecord open(String id, String ownerId, String name, String dnsName, String socketType,
                                    Integer port, String createdAt) {
        return new SocketRecord(id, ownerId, name, dnsName, socketType, port, false, null, null, List.of(),
                createdAt);
    }

    public SocketRecord withPort(Integer newPort) {
        return new SocketRecord(id, ownerId, name, dnsName, socketType, newPort, isProtected, username,
                passwordHash, allowIps, createdAt);
    }

    public SocketRecord withDnsName(String newDnsName, String newName) {
        return new SocketRecord(id, ownerId, newName, newDnsName, socketType, port, isProtected, username,
                passwordHash, allowIps, createdAt);
    }
}
