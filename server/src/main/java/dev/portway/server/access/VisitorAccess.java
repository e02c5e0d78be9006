// Who may visit a socket: an IP allow list (every type) and, for HTTP(S), one sign-in method: a Basic-auth user, or
// e-mail sign-in with the server's identity provider (allowed addresses and domains, lower case).
package dev.portway.server.access;

import dev.portway.server.security.Cidr;
import java.net.InetAddress;
import java.util.List;

public record VisitorAccess(List<Cidr> allow, String username, String passwordHash, List<String> emails,
                            List<String> emailDomains) {
    public static final VisitorAccess OPEN = new VisitorAccess(List.of(), null, null);

    public VisitorAccess {
        allow = List.copyOf(allow);
        emails = List.copyOf(emails);
        emailDomains = List.copyOf(emailDomains);
    }

    public VisitorAccess(List<Cidr> allow, String username, String passwordHash) {
        this(allow, username, passwordHash, List.of(), List.of());
    }

    public static VisitorAccess of(List<String> allowIps, boolean isProtected, String username, String hash) {
        return of(allowIps, isProtected, username, hash, List.of(), List.of());
    }

    public static VisitorAccess of(List<String> allowIps, boolean isProtected, String username, String hash,
                                   List<String> emails, List<String> emailDomains) {
        return new VisitorAccess(allowIps.stream().map(Cidr::parse).toList(),
                isProtected ? username : null, isProtected ? hash : null, lower(emails), lower(emailDomains));
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(VisitorAccess::asciiLower).toList();
    }

    /**
     * Lower case for ASCII letters only: String.toLowerCase folds some other letters into ASCII ones (the Kelvin
     * sign U+212A becomes "k"), which would let a provider's look-alike address match a listed one.
     */
    public static String asciiLower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return b.toString();
    }

    /** Whether every character is ASCII (an address this server compares at all). */
    public static boolean ascii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    public boolean allows(InetAddress visitor) {
        return allow.isEmpty() || allow.stream().anyMatch(c -> c.contains(visitor));
    }

    public boolean isProtected() {
        return passwordHash != null;
    }

    /** Visitors must sign in with the identity provider. */
    public boolean signInByEmail() {
        return !emails.isEmpty() || !emailDomains.isEmpty();
    }

    /**
     * Whether a verified address is one the socket lets in: listed, or at a listed domain (exactly, not below),
     * compared in ASCII lower case; an address with other characters never is.
     */
    public boolean allowsEmail(String verifiedEmail) {
        if (!ascii(verifiedEmail)) {
            return false;
        }
        String email = asciiLower(verifiedEmail);
        int at = email.lastIndexOf('@');
        return emails.contains(email) || at > 0 && emailDomains.contains(email.substring(at + 1));
    }
}
