// Settings land in the XDG config folder, owner-only, and read back as written; files from older versions load.
package dev.portway.agent.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()
                .getParent())));
        store.save(s.withLogin("http://other:7070", null, null));
        assertEquals(java.util.List.of(), store.load().tunnels(), "another server's tunnels are forgotten");
        assertEquals("http://other:7070", store.load().server());
    }

    @Test
    void theThemeIsKeptAndAFileFromBeforeThemesStillLoads() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("config.json"));
        Files.writeString(store.file(), "{\"server\":\"http://127.0.0.1:7070\",\"token\":\"pw_x_y\",\"email\":"
                + "\"a@example.com\",\"tunnels\":[],\"connect_at_login\":true}");
        Settings old = store.load();
        assertEquals("pw_x_y", old.token());
        assertEquals(true, old.connectAtLogin());
        assertNull(old.theme(), "no theme chosen: the system's");
        store.save(old.withTheme(Settings.DARK));
        assertEquals(Settings.DARK, store.load().theme());
        assertEquals(Settings.DARK, store.load().withLogin("http://other:7070", null, null).withConnectAtLogin(false)
                .withTunnel(new Settings.SavedTunnel("s", "t", "localhost", 1, false)).withoutTunnel("t").theme());
    }

    @Test
    void temporarySocketsAreKeptForTheSameServerOnly() {
        SettingsStore store = new SettingsStore(dir.resolve("config.json"));
        Settings s = Settings.EMPTY.withLogin("http://127.0.0.1:7070", "pw_x_y", "a@example.com")
                .withTemporarySocket("s1").withTemporarySocket("s2").withTemporarySocket("s1");
        store.save(s.withTheme(Settings.DARK).withConnectAtLogin(true)
                .withTunnel(new Settings.SavedTunnel("s1", "t", "localhost", 8000, true)));
        assertEquals(java.util.List.of("s2", "s1"), store.load().temporarySockets());
        assertEquals(java.util.List.of("s1"), store.load().withoutTemporarySocket("s2").temporarySockets());
        assertEquals(java.util.List.of("s2", "s1"),
                store.load().withLogin("http://127.0.0.1:7070", null, null).temporarySockets(), "signed out");
        assertEquals(java.util.List.of(), store.load().withLogin("http://other:7070", "pw_a_b", "a@example.com")
                .temporarySockets(), "another server's sockets are not this one's to delete");
    }

    @Test
    void aTunnelsHostHeaderIsKeptAndATunnelFromBeforeItLoadsUnchanged() throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("config.json"));
        Files.writeString(store.file(), "{\"server\":\"http://127.0.0.1:7070\",\"tunnels\":[{\"socket_id\":\"s\","
                + "\"tunnel_id\":\"t\",\"host\":\"localhost\",\"port\":5173,\"on\":true}]}");
        Settings.SavedTunnel old = store.load().tunnels().get(0);
        assertNull(old.hostHeader(), "the visitor's Host, as before");
        assertEquals(new LocalTarget("localhost", 5173), old.target());

        store.save(store.load().withTunnel(new Settings.SavedTunnel("s", "t", "localhost", 5173, true,
                LocalTarget.REWRITE)));
        assertTrue(Files.readString(store.file()).contains("\"host_header\" : \"rewrite\""));
        assertEquals(new LocalTarget("localhost", 5173, LocalTarget.REWRITE), store.load().tunnels().get(0).target());
    }
}
