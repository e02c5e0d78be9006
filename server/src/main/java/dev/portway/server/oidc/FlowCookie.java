// One sign-in in progress, bound to the browser that started it: a sealed cookie of the apex domain (__Host-: no
// sibling socket's page can set it for the apex with Domain=; Path=/, as the prefix wants, and the apex serves
// nothing but the sign-in paths) that holds the state, the nonce, the PKCE verifier and where the visitor goes
// back to (name, socket id, path, and the hash of the name's sign-in cookie). It lives ten minutes; the callback
// clears it. Its name carries a tag of the state, so that sign-ins started at once (tabs restored together, each of
// another socket) do not overwrite each other's.
package dev.portway.server.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.portway.server.security.ApiTokens;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

final class FlowCookie {
    static final String PREFIX = "__Host-portway_oidc_flow_";
    static final String USE = "flow";
    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** state, nonce, verifier: random, made at the start; the rest: the sign-in's target (see SignInTarget). */
    record Flow(String state, String nonce, String verifier, String host, String socket, String path, String browser) {
    }

    private final Sealer sealer;

    FlowCookie(Sealer sealer) {
        this.sealer = sealer;
    }

    String create(Flow f) {
        String sealed = sealer.seal(USE, new JWTClaimsSet.Builder().claim("state", f.state()).claim("nonce", f.nonce())
                .claim("verifier", f.verifier()).claim("host", f.host()).claim("socket", f.socket())
                .claim("path", f.path()).claim("browser", f.browser())
                .expirationTime(Date.from(sealer.clock().instant().plus(LIFETIME))).build());
        return name(f.state()) + "=" + sealed + "; Path=/; Max-Age=" + LIFETIME.toSeconds()
                + "; Secure; HttpOnly; SameSite=Lax";
    }

    static String cleared(String state) {
        return name(state) + "=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
    }

    /** The cookie of the sign-in with this state: a short tag of its hash (the state itself stays sealed). */
    static String name(String state) {
        return PREFIX + ApiTokens.sha256(state).substring(0, 16);
    }

    Optional<Flow> read(String value) {
        return sealer.open(USE, value).flatMap(c -> {
            try {
                Flow f = new Flow(c.getStringClaim("state"), c.getStringClaim("nonce"), c.getStringClaim("verifier"),
                        c.getStringClaim("host"), c.getStringClaim("socket"), c.getStringClaim("path"),
                        c.getStringClaim("browser"));
                return f.state() == null || f.nonce() == null || f.verifier() == null || f.host() == null
                        || f.socket() == null || f.path() == null || f.browser() == null ? Optional.empty()
                        : Optional.of(f);
            } catch (ParseException e) {
                return Optional.empty();
            }
        });
    }
}
