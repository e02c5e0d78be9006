// Where a sign-in started: the socket name and the relative path the visitor asked for, sealed into the sign-in
// URL by the edge that redirected them. Only the server makes one, so the sign-in paths never send a browser to a
// host or a path that a link could choose (no open redirect).
package dev.portway.server.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;

final class SignInTarget {
    static final String USE = "target";
    static final Duration LIFETIME = Duration.ofMinutes(10);
    /** A path longer than this goes back to "/" instead: the sealed target rides in URLs and cookies. */
    static final int MAX_PATH = 1024;

    record Target(String host, String path) {
    }

    private final Sealer sealer;

    SignInTarget(Sealer sealer) {
        this.sealer = sealer;
    }

    String seal(String host, String path) {
        return sealer.seal(USE, new JWTClaimsSet.Builder().claim("host", host).claim("path", relative(path))
                .expirationTime(Date.from(sealer.clock().instant().plus(LIFETIME))).build());
    }

    Optional<Target> open(String sealed) {
        return sealer.open(USE, sealed).flatMap(c -> {
            try {
                String host = c.getStringClaim("host");
                String path = c.getStringClaim("path");
                return host == null || path == null ? Optional.empty() : Optional.of(new Target(host, path));
            } catch (ParseException e) {
                return Optional.empty();
            }
        });
    }

    /** A path on the same host: "/" for anything else (an absolute or scheme-relative URL, a control character). */
    static String relative(String path) {
        if (path == null || path.length() > MAX_PATH || !path.startsWith("/") || path.startsWith("//")
                || path.startsWith("/\\") || path.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
            return "/";
        }
        return path;
    }
}
