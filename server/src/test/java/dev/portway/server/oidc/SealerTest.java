// Sealed values: only this key's, only for their use, only until they expire; a changed byte or another key's
// value opens to nothing, and nothing a visitor sends makes opening throw.
package dev.portway.server.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.portway.server.TestClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Date;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SealerTest {
    private static SecretKeySpec key() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new SecretKeySpec(k, "AES");
    }

    @Test
    void opensOnlyItsOwnUnexpiredValuesOfTheSameUse() {
        TestClock clock = new TestClock();
        Sealer sealer = new Sealer(key(), clock);
        JWTClaimsSet claims = new JWTClaimsSet.Builder().claim("email", "ann@example.com")
                .expirationTime(Date.from(clock.instant().plusSeconds(60))).build();
        String sealed = sealer.seal("session", claims);
        assertFalse(sealed.contains("ann@example.com"), "encrypted, not only signed");
        assertEquals("ann@example.com", sealer.open("session", sealed).orElseThrow().getClaim("email"));

        assertTrue(sealer.open("flow", sealed).isEmpty(), "a session is no flow");
        assertTrue(new Sealer(key(), clock).open("session", sealed).isEmpty(), "another key's");
        char[] c = sealed.toCharArray();
        int at = sealed.lastIndexOf('.') - 3;
        c[at] = c[at] == 'A' ? 'B' : 'A';
        assertTrue(sealer.open("session", new String(c)).isEmpty(), "tampered");
        for (String junk : new String[]{"", "x", "a.b.c.d.e", "eyJhbGciOiJub25lIn0.e30.", "..."}) {
            assertTrue(sealer.open("session", junk).isEmpty(), junk);
        }
        assertTrue(sealer.open("session", "A".repeat(Sealer.MAX_SEALED + 1)).isEmpty());

        clock.advance(Duration.ofSeconds(60));
        assertTrue(sealer.open("session", sealed).isEmpty(), "expired");
    }

    @Test
    void aSignInTargetIsAlwaysARelativePathOnTheSameHost() {
        assertEquals("/a/b?c=d", SignInTarget.relative("/a/b?c=d"));
        for (String away : new String[]{"//evil.example/x", "/\\evil.example", "https://evil.example/",
                "evil", "/a b", "/a\r\nSet-Cookie: x=y", null}) {
            assertEquals("/", SignInTarget.relative(away), String.valueOf(away));
        }
    }

    @Test
    void aSessionIsForItsNameAndItsSocketOnly() {
        SessionCookie sessions = new SessionCookie(new Sealer(key(), new TestClock()), java.time.Duration.ofHours(1));
        String set = sessions.create("ann@example.com", "sub-ann", "app.example.com", "socket-1");
        String value = set.substring(set.indexOf('=') + 1, set.indexOf(';'));
        assertEquals("ann@example.com", sessions.read(value, "app.example.com", "socket-1").visitor().email());
        assertNull(sessions.read(value, "app.example.com", "socket-2"), "the name claimed again by another socket");
        assertNull(sessions.read(value, "other.example.com", "socket-1"));
    }
}
