// Where a sign-in started: the socket name, the socket's id, the relative path the visitor asked for and the hash of
// the browser's sign-in cookie, sealed into the sign-in URL by the edge that redirected them. Only the server makes
// one, so the sign-in paths never send a browser to a host or a path that a link could choose (no open redirect).
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

    /** socket: the socket's id; browser: the SHA-256 of the __Host-portway_signin cookie the edge set with it. */
    record Target(String host, String socket, String path, String browser) {
    }

    private final Sealer sealer;

    SignInTarget(Sealer sealer) {
        this.sealer = sealer;
    }

    String seal(String host, String socket, String path, String browser) {
        return sealer.seal(USE, new JWTClaimsSet.Builder().claim("host", host).claim("socket", socket)
                .claim("path", relative(path)).claim("browser", browser)
                .expirationTime(Date.from(sealer.clock().instant().plus(LIFETIME))).build());
    }

    Optional<Target> open(String sealed) {
        return sealer.open(USE, sealed).flatMap(c -> {
            try {
                String host = c.getStringClaim("host");
                String socket = c.getStringClaim("socket");
                String path = c.getStringClaim("path");
                String browser = c.getStringClaim("browser");
                return host == null || socket == null || path == null || browser == null ? Optional.empty()
                        : Optional.of(new Target(host, socket, path, browser));
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
