// Seals small claim sets for the browser to carry (session cookies, sign-in flows, sign-in targets): JWE with the
// nodes' shared 256-bit key (dir, A256GCM), so they are encrypted and authenticated at once. Each sealed value
// names its use, and a value of one use is never accepted as another's.
package dev.portway.server.oidc;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;
import javax.crypto.SecretKey;

final class Sealer {
    /**
     * Longer than anything this server seals (the largest, a flow with a 1 KiB path, is about 2 KiB), and within a
     * browser's 4 KiB per cookie: a bigger value is refused before any parsing.
     */
    static final int MAX_SEALED = 4096;
    private static final String USE = "use";
    private static final JWEHeader HEADER = new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM);

    private final DirectEncrypter encrypter;
    private final DirectDecrypter decrypter;
    private final Clock clock;

    Sealer(SecretKey key, Clock clock) {
        try {
            this.encrypter = new DirectEncrypter(key);
            this.decrypter = new DirectDecrypter(key);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("not an AES-256 key: " + e.getMessage(), e);
        }
        this.clock = clock;
    }

    /** claims: what to seal; their expiry is set by the caller. */
    String seal(String use, JWTClaimsSet claims) {
        EncryptedJWT jwt = new EncryptedJWT(HEADER, new JWTClaimsSet.Builder(claims).claim(USE, use).build());
        try {
            jwt.encrypt(encrypter);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot seal: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** The claims of a value this server sealed for that use and that has not expired; empty for anything else. */
    Optional<JWTClaimsSet> open(String use, String sealed) {
        if (sealed == null || sealed.isEmpty() || sealed.length() > MAX_SEALED) {
            return Optional.empty();
        }
        try {
            EncryptedJWT jwt = EncryptedJWT.parse(sealed);
            if (!JWEAlgorithm.DIR.equals(jwt.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwt.getHeader().getEncryptionMethod())) {
                return Optional.empty();
            }
            jwt.decrypt(decrypter);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expiry = claims.getExpirationTime();
            if (!use.equals(claims.getStringClaim(USE)) || expiry == null
                    || !expiry.toInstant().isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return Optional.empty(); // whatever a visitor sent, it runs on the event loop and must not throw
        }
    }

    Clock clock() {
        return clock;
    }
}
