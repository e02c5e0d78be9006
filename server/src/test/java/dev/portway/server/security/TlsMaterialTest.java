// The self-signed certificate is made once, kept owner-only, and keeps its fingerprint across restarts.
package dev.portway.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsMaterialTest {
    @TempDir
    Path dir;

    @Test
    void generatedOnceOwnerOnlyAndStable() throws Exception {
        TlsMaterial first = TlsMaterial.loadOrCreate(dir, "localhost");
        assertTrue(first.fingerprint().matches("[0-9a-f]{64}"), first.fingerprint());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.keyFile())));
        assertEquals(first.fingerprint(), TlsMaterial.loadOrCreate(dir, "localhost").fingerprint());
    }
}
