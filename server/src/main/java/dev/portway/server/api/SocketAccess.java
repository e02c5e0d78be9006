// Validates and applies visitor access settings (Basic-auth protection, IP allow list) to a socket record.
package dev.portway.server.api;

import dev.portway.protocol.api.ErrorCode;
import dev.portway.protocol.api.SocketType;
import dev.portway.server.access.Cidr;
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
     * protect: true to protect (username and password required unless already protected), false to drop it, null
     * to keep; a username or password alone changes the protection's user. allowIps: null keeps, empty allows any.
     */
    static SocketRecord apply(SocketRecord s, Boolean protect, String username, String password,
                              List<String> allowIps) {
        boolean wants = protect != null ? protect : s.isProtected() || username != null || password != null;
        String user = s.username();
        String hash = s.passwordHash();
        if (!wants) {
            if (Boolean.FALSE.equals(protect) && (username != null || password != null)) {
                throw invalid("a username or password makes no sense with protected false");
            }
            user = null;
            hash = null;
        } else {
            if (SocketType.isRaw(s.socketType())) {
                throw invalid("protection (Basic auth) is for http and https sockets; limit a "
                        + s.socketType() + " socket's visitors with an IP allow list instead");
            }
            if (username != null) {
                user = validUsername(username);
            }
            if (password != null) {
                hash = SecretHasher.hash(validPassword(password), SecretHasher.PASSWORD_ITERATIONS);
            } else if (username != null && !username.equals(s.username())) {
                hash = null; // a new user needs its own password
            }
            if (user == null || hash == null) {
                throw invalid("a protected socket needs both a username and a password");
            }
        }
        List<String> allow = allowIps == null ? s.allowIps() : allowList(allowIps);
        return new SocketRecord(s.id(), s.ownerId(), s.name(), s.dnsName(), s.socketType(), s.port(), wants, user,
                hash, allow, s.createdAt(), s.domains(), s.allowedEmails(), s.allowedEmailDomains());
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
