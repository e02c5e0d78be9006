// The sign-in cookie, __Host-portway_signin: set on a socket's own name when it sends a browser to sign in (random,
// ten minutes, host-only), and carried through the sign-in as its hash, so the one-time hand-off back on that name
// signs in only the browser that started it: a hand-off link someone else stopped at and sent on is refused
// (login CSRF).
package dev.portway.server.edge;

import dev.portway.server.security.SecretHasher;

import java.time.Duration;

public final class SignInCookie {
    public static final String NAME = "__Host-portway_signin";
    static final Duration LIFETIME = Duration.ofMinutes(10);
    /** base64url of 32 bytes. */
    private static final int LENGTH = 43;

    private SignInCookie() {
    }

    /** The browser's own value when it is one of ours in form, or a new random one. */
    static String valueFor(String sent) {
        if (sent != null && sent.length() == LENGTH && sent.chars().allMatch(c -> Character.isLetterOrDigit(c)
                || c == '-' || c == '_')) {
            return sent;
        }
        return SecretHasher.randomSecret(32);
    }

    static String set(String value) {
        return NAME + "=" + value + "; Path=/; Max-Age=" + LIFETIME.toSeconds() + "; Secure; HttpOnly; SameSite=Lax";
    }

    public static String cleared() {
        return NAME + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
    }
}
