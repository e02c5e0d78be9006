// Validates and applies visitor access settings to a socket record: one sign-in method (Basic-auth protection, or
// e-mail sign-in with the server's identity provider) and the IP allow list on top of either.
package dev.portway.server.api;

import dev.portway.protocol.api.CreateSocket;
import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.SocketType;
import dev.portway.protocol.api.UpdateSocket;
import dev.portway.server.security.Cidr;
import dev.portway.server.security.SecretHasher;
import dev.portway.server.store.SocketRecord;
import java.util.LinkedHashSet;
import java.util.List;

final class SocketAccess {
    private static final int MAX_ALLOW = 100;
    private static final int MAX_USERNAME = 100;
    private static final int MAX_PASSWORD = 256;

    private SocketAccess() {
    }

    /**
     * What a create or a PATCH asks of a socket's access; a null field keeps what the socket has. protect: true to
     * protect (username and password required unless already protected), false to drop it; a username or password
     * alone changes the protection's user. allowIps: empty allows any address. emails, emailDomains: both empty
     * turn e-mail sign-in off.
     */
    record Change(Boolean protect, String username, String password, List<String> allowIps, List<String> emails,
                  List<String> emailDomains) {
        static Change of(CreateSocket r) {
            return new Change(r.isProtected(), r.username(), r.password(), r.allowIps(), r.allowedEmails(),
                    r.allowedEmailDomains());
        }

        static Change of(UpdateSocket r) {
            return new Change(r.isProtected(), r.username(), r.password(), r.allowIps(), r.allowedEmails(),
                    r.allowedEmailDomains());
        }

        boolean asksEmail() {
            return emails != null && !emails.isEmpty() || emailDomains != null && !emailDomains.isEmpty();
        }

        boolean asksPassword() {
            return Boolean.TRUE.equals(protect) || username != null || password != null;
        }
    }

    /** The socket with the change applied; oidc: the server has an identity provider for e-mail sign-in. */
    static SocketRecord apply(SocketRecord s, Change c, boolean oidc) {
        if (c.asksEmail() && !oidc) {
            throw new ApiException(ErrorCode.OIDC_NOT_CONFIGURED, "this server has no identity provider for"
                    + " visitors to sign in with, so no socket can let them in by e-mail address; the server's"
                    + " operator must start it with --oidc-issuer URL, --oidc-client-id and --oidc-client-secret");
        }
        List<String> emails = c.emails() == null ? s.allowedEmails() : EmailAccess.addresses(c.emails());
        List<String> domains = c.emailDomains() == null ? s.allowedEmailDomains()
                : EmailAccess.domains(c.emailDomains());
        boolean byEmail = !emails.isEmpty() || !domains.isEmpty();
        if (byEmail && SocketType.isRaw(s.socketType())) {
            throw invalid("e-mail sign-in is for http and https sockets; limit a " + s.socketType()
                    + " socket's visitors with an IP allow list (allow_ips, --allow-ip) instead");
        }
        boolean wants = c.protect() != null ? c.protect() : s.isProtected() || c.username() != null
                || c.password() != null;
        String user = s.username();
        String hash = s.passwordHash();
        if (!wants) {
            if (Boolean.FALSE.equals(c.protect()) && (c.username() != null || c.password() != null)) {
                throw invalid("a username or password makes no sense with protected false");
            }
            user = null;
            hash = null;
        } else {
            if (SocketType.isRaw(s.socketType())) {
                throw invalid("protection (Basic auth) is for http and https sockets; limit a "
                        + s.socketType() + " socket's visitors with an IP allow list instead");
            }
            if (byEmail) {
                throw invalid(oneMethod(s, c));
            }
            if (c.username() != null) {
                user = validUsername(c.username());
            }
            if (c.password() != null) {
                hash = SecretHasher.hash(validPassword(c.password()), SecretHasher.PASSWORD_ITERATIONS);
            } else if (c.username() != null && !c.username().equals(s.username())) {
                hash = null; // a new user needs its own password
            }
            if (user == null || hash == null) {
                throw invalid("a protected socket needs both a username and a password");
            }
        }
        List<String> allow = c.allowIps() == null ? s.allowIps() : allowList(c.allowIps());
        return new SocketRecord(s.id(), s.ownerId(), s.name(), s.dnsName(), s.socketType(), s.port(), wants, user,
                hash, allow, s.createdAt(), s.domains(), emails, domains);
    }

    /** Why a socket cannot have both a password and e-mail sign-in, and how to switch from the one it has. */
    private static String oneMethod(SocketRecord s, Change c) {
        String rule = "a socket has one sign-in method, a password (protected) or e-mail sign-in (allowed_emails,"
                + " allowed_email_domains); ";
        if (s.signInByEmail() && c.asksPassword() && !c.asksEmail()) {
            return rule + "this one's visitors sign in by e-mail: to switch to a password, send"
                    + " \"allowed_emails\":[] and \"allowed_email_domains\":[] with it (portway: --allow-any-email)";
        }
        if (s.isProtected() && c.asksEmail() && !c.asksPassword()) {
            return rule + "this one is protected by a password: to switch to e-mail sign-in, send"
                    + " \"protected\":false with the addresses (portway: --unprotected)";
        }
        return rule + "choose one";
    }

    private static String validUsername(String username) {
        if (username.isEmpty() || username.length() > MAX_USERNAME || username.contains(":")
                || username.chars().anyMatch(Character::isISOControl)) {
            throw invalid("the username must be 1 to " + MAX_USERNAME
                    + " printable characters without a colon");
        }
        return username;
    }

    private static String validPassword(String password) {
        if (password.isEmpty() || password.length() > MAX_PASSWORD) {
            throw invalid("the password must be 1 to " + MAX_PASSWORD + " characters");
        }
        return password;
    }

    private static List<String> allowList(List<String> entries) {
        if (entries.size() > MAX_ALLOW) {
            throw new ApiException(ErrorCode.INVALID_ALLOW_IP, "at most " + MAX_ALLOW + " allow-list entries");
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String e : entries) {
            try {
                out.add(Cidr.parse(e).toString());
            } catch (IllegalArgumentException ex) {
                throw new ApiException(ErrorCode.INVALID_ALLOW_IP, ex.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_PROTECTION, message);
    }
}
