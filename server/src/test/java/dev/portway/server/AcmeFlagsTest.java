// The --acme-* flags and "server certificates": shorthands, one plain line and exit 2 for a bad value, and a forced
// renewal of a name the store holds (exit 1, one line, for one it does not).
package dev.portway.server;

import dev.portway.server.config.AcmeSettings;
import static dev.portway.server.MainRuns.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.server.MainRuns.Run;
import dev.portway.server.store.CertificateRecord;
import dev.portway.server.store.JdbcStore;
import dev.portway.server.store.Store;
import dev.portway.server.store.StoreLocation;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcmeFlagsTest {
    @TempDir
    Path dir;

    private static void assertOneLine(Run r, int code, String prefix, String expected) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith(prefix), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void shorthandsNameLetsEncryptsDirectories() {
        assertEquals(URI.create("https://acme-v02.api.letsencrypt.org/directory"),
                AcmeFlags.parse("letsencrypt", "ops@example.com", null, null).directory());
        assertEquals(URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"),
                AcmeFlags.parse("letsencrypt-staging", null, null, null).directory());
        AcmeSettings own = AcmeFlags.parse("https://ca.internal:9000/acme/acme/directory", null, null, "hook.sh");
        assertEquals("hook.sh", own.dnsHook());
        assertEquals(AcmeSettings.NONE, AcmeFlags.parse(null, null, null, null));
    }

    @Test
    void badValuesAreOnePlainLineAndExitTwo() throws Exception {
        Path data = dir.resolve("data").toAbsolutePath();
        assertOneLine(run("--data", data.toString(), "--acme-directory", "ftp://ca"), 2, "portway server: ",
                "--acme-directory must be an https:// URL");
        assertOneLine(run("--data", data.toString(), "--acme-directory", "letsencrypt", "--acme-email", "nobody"),
                2, "portway server: ", "--acme-email must be an email address");
        assertOneLine(run("--data", data.toString(), "--acme-email", "ops@example.com"), 2, "portway server: ",
                "need --acme-directory");
        Path notPem = Files.writeString(dir.resolve("root.pem"), "hello");
        assertOneLine(run("--data", data.toString(), "--acme-directory", "letsencrypt", "--acme-ca-root",
                notPem.toString()), 2, "portway server: ", "--acme-ca-root");
        assertOneLine(run("--data", data.toString(), "--acme-directory", "letsencrypt", "--acme-ca-root",
                dir.resolve("missing.pem").toString()), 2, "portway server: ", "cannot read");
        assertOneLine(run("--data", data.toString(), "--acme-directory", "letsencrypt", "--certificate-rate", "10"),
                2, "portway server: ", "--certificate-rate takes new certificates per account like 10/d");
    }

    @Test
    void renewMarksTheNamesCertificateAndRefusesAnUnknownName() throws Exception {
        Path data = dir.resolve("data");
        try (Store store = JdbcStore.open(StoreLocation.sqlite(Files.createDirectories(data).resolve("portway.db")))) {
            store.saveCertificate(new CertificateRecord("a.example.com", "CHAIN", "KEY", "CA", "2026-01-01T00:00:00Z",
                    "2026-04-01T00:00:00Z", null, "2026-03-01T00:00:00Z", false, "2026-01-01T00:00:00Z"));
            store.saveCertificate(CertificateRecord.wanted("*.example.com", "2026-01-01T00:00:00Z"));

            Run renew = run("certificates", "renew", "A.example.com", "--data", data.toString());
            assertEquals(0, renew.code(), renew.err());
            assertTrue(renew.out().startsWith("renewal of a.example.com requested"), renew.out());
            assertTrue(store.findCertificate("a.example.com").orElseThrow().renewRequested());

            Run covered = run("certificates", "renew", "b.example.com", "--data", data.toString());
            assertEquals(0, covered.code(), covered.err());
            assertTrue(store.findCertificate("*.example.com").orElseThrow().renewRequested(), "the wildcard's");

            assertOneLine(run("certificates", "renew", "c.example.org", "--data", data.toString()), 1,
                    "portway server certificates: ", "no certificate for c.example.org");
            Run list = run("certificates", "list", "--data", data.toString());
            assertEquals(0, list.code(), list.err());
            assertTrue(list.out().lines().anyMatch(l -> l.matches(
                    "a\\.example\\.com +failed +CA +2026-04-01T00:00:00Z +now \\(renewal requested\\) +-")),
                    list.out());
        }
    }

    /** Aligned columns under a header, the soonest expiry first, times to the second (not Instant's nanoseconds). */
    @Test
    void listIsATable() {
        String table = CertificatesCommand.table(List.of(
                new CertificateRecord("shop.example.com", "CHAIN", "KEY", "Pebble Intermediate CA 23faf0",
                        "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z", null, "2026-03-01T12:53:39.333333334Z", false,
                        "2026-01-01T00:00:00Z"),
                new CertificateRecord("example.com", "CHAIN", "KEY", "R11", "2025-12-01T00:00:00Z",
                        "2026-03-01T00:00:00.5Z", null, "2026-01-30T00:00:00Z", true, "2025-12-01T00:00:00Z"),
                new CertificateRecord("app.customer.org", null, null, null, null, null,
                        "urn:ietf:params:acme:error:connection", "2026-02-01T00:01:00.123456Z", false,
                        "2026-02-01T00:00:00Z")),
                java.time.Instant.parse("2026-02-01T00:00:00Z"));
        // CHECKSTYLE.OFF: LineLength - the table as the command prints it, wider than 120 columns
        assertEquals("""
                NAME              STATE     ISSUER                         VALID UNTIL           NEXT ATTEMPT             LAST ERROR
                app.customer.org  failed    -                              -                     2026-02-01T00:01:00Z     urn:ietf:params:acme:error:connection
                example.com       expiring  R11                            2026-03-01T00:00:00Z  now (renewal requested)  -
                shop.example.com  valid     Pebble Intermediate CA 23faf0  2026-04-01T00:00:00Z  2026-03-01T12:53:39Z     -
                """, table);
        // CHECKSTYLE.ON: LineLength
    }

    @Test
    void aMissingDataDirIsOneLine() {
        Run r = run("certificates", "renew", "a.example.com", "--data", dir.resolve("none").toString());
        assertNotEquals(0, r.code());
        assertOneLine(r, 1, "portway server certificates: ", "no database at");
    }
}
