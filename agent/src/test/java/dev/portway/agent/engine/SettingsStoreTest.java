// Settings land in the XDG config folder, owner-only, and read back as written.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsStoreTest {
    @TempDir
    Path dir;

    @Test
    void followsXdgAndIsOwnerOnly() throws Exception {
        SettingsStore store = SettingsStore.standard(Map.of("XDG_CONFIG_HOME", dir.toString()));
        assertEquals(dir.resolve("portway/config.json"), store.file());
        assertEquals(Settings.EMPTY, store.load());
        Settings s = new Settings("http://127.0.0.1:7070", "pw_x_y", "a@example.com",
                java.util.List.of(new Settings.SavedTunnel("s", "t", "localhost", 8000, true)), true);
        store.save(s);
        assertEquals(s, store.load());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file().getParent())));
        store.save(s.withLogin("http://other:7070", null, null));
        assertEquals(java.util.List.of(), store.load().tunnels(), "another server's tunnels are forgotten");
        assertEquals("http://other:7070", store.load().server());
    }
}
