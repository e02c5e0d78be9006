// One sign-in in progress, bound to the browser that started it: a sealed cookie on the apex domain, only for the
// sign-in paths (Path=/.portway/oidc), that holds the state, the nonce, the PKCE verifier and where the visitor goes
// back to. It lives ten minutes; the callback clears it. Its name carries a tag of the state, so that sign-ins
// started at once (tabs restored together, each of another socket) do not overwrite each other's.
package dev.portway.server.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.portway.server.security.ApiTokens;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

final class FlowCookie {
    static final String PREFIX = "portway_oidc_flow_";
    static final String USE = "flow";
    static final Duration LIFETIME = Duration.ofMinutes(10);

    /** state, nonce, verifier: random, made at the start; host and path: where the visitor goes after. */
    record Flow(String state, String nonce, String verifier, String host, String path) {
    }

    private final Sealer sealer;

    FlowCookie(Sealer sealer) {
        this.sealer = sealer;
    }

    String create(Flow f) {
        String sealed = sealer.seal(USE, new JWTClaimsSet.Builder().claim("state", f.state()).claim("nonce", f.nonce())
                .claim("verifier", f.verifier()).claim("host", f.host()).claim("path", f.path())
                .expirationTime(Date.from(sealer.clock().instant().plus(LIFETIME))).build());
        return name(f.state()) + "=" + sealed + "; Path=/.portway/oidc; Max-Age=" + LIFETIME.toSeconds()
                + "; Secure; HttpOnly; SameSite=Lax";
    }

    static String cleared(String state) {
        return name(state) + "=; Path=/.portway/oidc; Max-Age=0; Secure; HttpOnly; SameSite=Lax";
    }

    /** The cookie of the sign-in with this state: a short tag of its hash (the state itself stays sealed). */
    static String name(String state) {
        return PREFIX + ApiTokens.sha256(state).substring(0, 16);
    }

    Optional<Flow> read(String value) {
        return sealer.open(USE, value).flatMap(c -> {
            try {
                Flow f = new Flow(c.getStringClaim("state"), c.getStringClaim("nonce"), c.getStringClaim("verifier"),
                        c.getStringClaim("host"), c.getStringClaim("path"));
                return f.state() == null || f.nonce() == null || f.verifier() == null || f.host() == null
                        || f.path() == null ? Optional.empty() : Optional.of(f);
            } catch (ParseException e) {
                return Optional.empty();
            }
        });
    }
}
