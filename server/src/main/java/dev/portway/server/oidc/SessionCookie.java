// The session cookie of one socket name, __Host-portway_session (HttpOnly, Secure, SameSite=Lax, Path=/, no
// Domain): sealed claims of who signed in (email, sub), for which host and socket (a name deleted and claimed again
// by another socket inherits no session), a session id and the expiry.
package dev.portway.server.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.portway.server.edge.VisitorSignIn;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

final class SessionCookie {
    static final String USE = "session";
    /** Sessions opened lately, by cookie value, host and socket: most requests of a visitor carry the same cookie. */
    private static final int MAX_REMEMBERED = 10_000;

    private final Sealer sealer;
    private final Duration lifetime;
    /**
     * Opening a cookie (JWE parse, AES-GCM, JSON) on every request cost a quarter of a signed-in socket's throughput;
     * only values that opened are kept, so a visitor sending made-up cookies fills nothing.
     */
    private final Map<String, Session> opened = new ConcurrentHashMap<>();

    SessionCookie(Sealer sealer, Duration lifetime) {
        this.sealer = sealer;
        this.lifetime = lifetime;
    }

    /** A session as it was read: the visitor, and when its cookie expires (epoch ms). */
    record Session(VisitorSignIn.Visitor visitor, long expiresAt) {
    }

    /** The Set-Cookie value of a new session for the host. */
    String create(String email, String subject, String host, String socket) {
        Instant expiry = sealer.clock().instant().plus(lifetime);
        String sealed = sealer.seal(USE, new JWTClaimsSet.Builder().claim("email", email).subject(subject)
                .audience(host).claim("socket", socket).jwtID(UUID.randomUUID().toString())
                .expirationTime(Date.from(expiry)).build());
        return VisitorSignIn.SESSION_COOKIE + "=" + sealed + "; Path=/; Max-Age=" + lifetime.toSeconds()
                + "; Secure; HttpOnly; SameSite=Lax";
    }

    /** The Set-Cookie value that removes the session cookie from the browser. */
    static String cleared() {
        return VisitorSignIn.SESSION_COOKIE + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
    }

    /**
     * The session of a cookie value made for this host and socket and not expired (ended or not: the caller asks);
     * or null.
     */
    Session read(String value, String host, String socket) {
        String key = value + "\n" + host + "\n" + socket;
        Session known = opened.get(key);
        if (known != null) {
            if (sealer.clock().millis() < known.expiresAt()) {
                return known;
            }
            opened.remove(key);
            return null;
        }
        Session session = open(value, host, socket);
        if (session != null) {
            if (opened.size() >= MAX_REMEMBERED) {
                opened.clear();
            }
            opened.put(key, session);
        }
        return session;
    }

    private Session open(String value, String host, String socket) {
        JWTClaimsSet c = sealer.open(USE, value).orElse(null);
        if (c == null || c.getAudience().size() != 1 || !c.getAudience().get(0).equals(host) || c.getJWTID() == null
                || c.getSubject() == null) {
            return null;
        }
        try {
            if (!socket.equals(c.getStringClaim("socket"))) {
                return null;
            }
            String email = c.getStringClaim("email");
            return email == null ? null : new Session(new VisitorSignIn.Visitor(email, c.getSubject(), c.getJWTID()),
                    c.getExpirationTime().getTime());
        } catch (ParseException e) {
            return null;
        }
    }
}
