// What the edge needs to know of a socket to admit and route a visitor.
package dev.portway.server.edge;

import dev.portway.server.access.VisitorAccess;
import dev.portway.server.store.SocketRecord;

public record EdgeSocket(String id, String dnsName, String type, Integer port, VisitorAccess access) {

    public static EdgeSocket of(SocketRecord s) {
        return new EdgeSocket(s.id(), s.dnsName(), s.socketType(), s.port(),
                VisitorAccess.of(s.allowIps(), s.isProtected(), s.username(), s.passwordHash(),
                        s.allowedEmails(), s.allowedEmailDomains()));
    }
}
