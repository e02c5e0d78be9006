// The --oidc-* flags: issuer and client id together, https unless on loopback, the secret from one place, the
// session lifetime; a bad value is one plain line and exit 2.
package dev.portway.server;

import dev.portway.server.config.OidcSettings;
import static dev.portway.server.MainRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.MainRuns.Run;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OidcFlagsTest {
    @TempDir
    Path dir;

    @Test
    void anHttpsIssuerWithItsClientAndALifetime() {
        OidcSettings s = OidcFlags.parse("https://accounts.google.com", "id-1", "s3cret", "30m", Map.of());
        assertEquals(URI.create("https://accounts.google.com"), s.issuer());
        assertEquals("id-1", s.clientId());
        assertEquals("s3cret", s.clientSecret());
        assertEquals(Duration.ofMinutes(30), s.session());
        assertFalse(s.toString().contains("s3cret"), "never printed");
        assertEquals(URI.create("https://tenant.example/"),
                OidcFlags.parse("https://tenant.example/", "id", null, "12h", Map.of()).issuer(),
                "spelled as the provider spells it: discovery compares it letter for letter");
        assertEquals(OidcSettings.DEFAULT_SESSION, OidcFlags.parse(null, null, null, "12h", Map.of()).session());
        assertFalse(OidcFlags.parse(null, null, null, "12h", Map.of()).enabled());
        assertEquals(Duration.ofDays(7), OidcFlags.duration("7d"));
        assertEquals(Duration.ofSeconds(90), OidcFlags.duration("90s"));
    }

    @Test
    void plainHttpOnlyOnLoopback() {
        for (String ok : new String[]{"http://localhost:8080/realms/x", "http://127.0.0.1:9000", "http://[::1]:9/x"}) {
            assertEquals(URI.create(ok), OidcFlags.parse(ok, "id", null, "12h", Map.of()).issuer());
        }
        for (String refused : new String[]{"http://idp.example.com", "http://10.0.0.1", "http://localhost.evil.com"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OidcFlags.parse(refused, "id", null, "12h", Map.of()));
            assertTrue(e.getMessage().contains("must be https"), e.getMessage());
        }
    }

    @Test
    void theSecretComesFromTheFlagOrTheEnvironmentOrAFileButOnlyOne() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "from-file\n");
        Map<String, String> env = Map.of("PORTWAY_OIDC_CLIENT_SECRET_FILE", file.toString());
        assertEquals("from-file", OidcFlags.parse("https://idp.example", "id", null, "12h", env).clientSecret());
        assertThrows(IllegalArgumentException.class,
                () -> OidcFlags.parse("https://idp.example", "id", "flag", "12h", env));
        assertNull(OidcFlags.parse("https://idp.example", "id", null, "12h", Map.of()).clientSecret(),
                "a public client");
    }

    private static void assertOneLine(Run r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("portway server: ") && r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void badValuesAreOnePlainLineAndExitTwo() {
        String data = dir.resolve("data").toString();
        assertOneLine(run("--data", data, "--oidc-issuer", "https://idp.example"), "go together");
        assertOneLine(run("--data", data, "--oidc-client-id", "id"), "go together");
        assertOneLine(run("--data", data, "--oidc-issuer", "http://idp.example", "--oidc-client-id", "id"),
                "must be https");
        assertOneLine(run("--data", data, "--oidc-issuer", "not a url", "--oidc-client-id", "id"), "--oidc-issuer");
        assertOneLine(run("--data", data, "--oidc-session", "forever"), "--oidc-session takes a lifetime");
        assertOneLine(run("--data", data, "--oidc-client-secret", "x"), "needs --oidc-issuer");
        assertFalse(Files.exists(dir.resolve("data")), "refused before anything was written");
    }
}
