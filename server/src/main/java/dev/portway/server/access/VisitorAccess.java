// Who may visit a socket: an IP allow list (every type) and, for HTTP(S), one Basic-auth user.
package dev.portway.server.access;

import java.net.InetAddress;
import java.util.List;

public record VisitorAccess(List<Cidr> allow, String username, String passwordHash) {
    public static final VisitorAccess OPEN = new VisitorAccess(List.of(), null, null);

    public VisitorAccess {
        allow = List.copyOf(allow);
    }

    public static VisitorAccess of(List<String> allowIps, boolean isProtected, String username, String hash) {
        return new VisitorAccess(allowIps.stream().map(Cidr::parse).toList(),
                isProtected ? username : null, isProtected ? hash : null);
    }

    public boolean allows(InetAddress visitor) {
        return allow.isEmpty() || allow.stream().anyMatch(c -> c.contains(visitor));
    }

    public boolean isProtected() {
        return passwordHash != null;
    }
}
