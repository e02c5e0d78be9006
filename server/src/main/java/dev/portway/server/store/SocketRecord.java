// A stored socket: the public endpoint a user owns, its dedicated port (tcp, tls), who may visit it (an IP allow list,
// and a Basic-auth user or e-mail sign-in), and the custom domains (verified ones only) the edge routes to it
// besides its dns name.
package dev.portway.server.store;

import java.util.List;

public record SocketRecord(String id, String ownerId, String name, String dnsName, String socketType,
                           Integer port, boolean isProtected, String username, String passwordHash,
                           List<String> allowIps, String createdAt, List<String> domains,
                           List<String> allowedEmails, List<String> allowedEmailDomains) {

    public SocketRecord {
        allowIps = allowIps == null ? List.of() : List.copyOf(allowIps);
        domains = domains == null ? List.of() : List.copyOf(domains);
        allowedEmails = allowedEmails == null ? List.of() : List.copyOf(allowedEmails);
        allowedEmailDomains = allowedEmailDomains == null ? List.of() : List.copyOf(allowedEmailDomains);
    }

    /** A socket without e-mail sign-in. */
    public SocketRecord(String id, String ownerId, String name, String dnsName, String socketType, Integer port,
                        boolean isProtected, String username, String passwordHash, List<String> allowIps,
                        String createdAt, List<String> domains) {
        this(id, ownerId, name, dnsName, socketType, port, isProtected, username, passwordHash, allowIps, createdAt,
                domains, List.of(), List.of());
    }

    /** A socket with no verified custom domain. */
    public SocketRecord(String id, String ownerId, String name, String dnsName, String socketType, Integer port,
                        boolean isProtected, String username, String passwordHash, List<String> allowIps,
                        String createdAt) {
        this(id, ownerId, name, dnsName, socketType, port, isProtected, username, passwordHash, allowIps, createdAt,
                List.of());
    }

    /** An unprotected socket open to any address. */
    public static SocketRecord open(String id, String ownerId, String name, String dnsName, String socketType,
                                    Integer port, String createdAt) {
        return new SocketRecord(id, ownerId, name, dnsName, socketType, port, false, null, null, List.of(),
                createdAt);
    }

    public SocketRecord withPort(Integer newPort) {
        return new SocketRecord(id, ownerId, name, dnsName, socketType, newPort, isProtected, username,
                passwordHash, allowIps, createdAt, domains, allowedEmails,
                allowedEmailDomains);
    }

    public SocketRecord withDnsName(String newDnsName, String newName) {
        return new SocketRecord(id, ownerId, newName, newDnsName, socketType, port, isProtected, username,
                passwordHash, allowIps, createdAt, domains, allowedEmails,
                allowedEmailDomains);
    }

    /** The socket with these verified custom domains (as the store read them). */
    public SocketRecord withDomains(List<String> verified) {
        return new SocketRecord(id, ownerId, name, dnsName, socketType, port, isProtected, username, passwordHash,
                allowIps, createdAt, verified, allowedEmails, allowedEmailDomains);
    }

    /** The socket whose visitors sign in with the identity provider as one of these addresses or domains. */
    public SocketRecord withEmailAccess(List<String> emails, List<String> emailDomains) {
        return new SocketRecord(id, ownerId, name, dnsName, socketType, port, isProtected, username, passwordHash,
                allowIps, createdAt, domains, emails, emailDomains);
    }

    /** Visitors sign in with the identity provider. */
    public boolean signInByEmail() {
        return !allowedEmails.isEmpty() || !allowedEmailDomains.isEmpty();
    }
}
