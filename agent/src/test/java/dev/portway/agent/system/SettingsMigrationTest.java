// The settings of a CLI from before the per-system folders (~/.config/portway on macOS and Windows too) move to the
// system's folder once, owner-only, sign-in and pinned certificates intact; from a fake home and a fake OS (only
// Linux runs here).
package dev.portway.agent.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.portway.agent.engine.Settings;
import dev.portway.agent.engine.SettingsStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsMigrationTest {
    static final String PIN = "portway.example.com:443 " + "ab".repeat(32);

    @TempDir
    Path home;

    /** An old CLI's folder: the sign-in, a pinned certificate, a saved inspect set, a running app's lock. */
    private Path oldFolder(Path dir) throws Exception {
        new SettingsStore(dir.resolve("config.json"))
                .save(Settings.EMPTY.withLogin("https://portway.example.com", "tok-123", "ann@example.com"));
        Files.writeString(dir.resolve("known_servers"), PIN + "\n");
        Files.createDirectories(dir.resolve("inspect-sets"));
        Files.writeString(dir.resolve("inspect-sets/checkout.json"), "{}");
        Files.writeString(dir.resolve("app.lock"), "");
        // As a umask of 022 would leave what the old code did not write itself.
        for (Path p : List.of(dir.resolve("known_servers"), dir.resolve("inspect-sets/checkout.json"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(dir.resolve("inspect-sets"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private String run(Os os, Map<String, String> env) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SettingsMigration.run(os, home, env, new PrintStream(err, true, StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8);
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void macMovesTheOldFolderOwnerOnlyAndSaysSoOnce() throws Exception {
        Path old = oldFolder(Files.createDirectories(home.resolve(".config/portway")));
        Path now = home.resolve("Library/Application Support/Portway");

        assertEquals("portway: moved your settings from " + old + " to " + now + "\n", run(Os.MAC, Map.of()));

        Settings moved = new SettingsStore(AppDirs.of(Os.MAC, home, Map.of()).settingsFile()).load();
        assertEquals("tok-123", moved.token(), "still signed in");
        assertEquals("https://portway.example.com", moved.server());
        assertEquals(PIN + "\n", Files.readString(now.resolve("known_servers")), "the pins kept");
        assertEquals("{}", Files.readString(now.resolve("inspect-sets/checkout.json")));
        for (String file : List.of("config.json", "known_servers", "inspect-sets/checkout.json")) {
            assertEquals("rw-------", perms(now.resolve(file)), file);
            assertFalse(Files.exists(old.resolve(file)), file + " moved, not copied");
        }
        assertEquals("rwx------", perms(now), "the new folder");
        assertEquals("rwx------", perms(now.resolve("inspect-sets")));
        assertFalse(Files.exists(now.resolve("app.lock")), "a running app's lock is no setting");

        assertEquals("", run(Os.MAC, Map.of()), "once: the new folder has its config.json now");
    }

    @Test
    void windowsMovesFromXdgConfigHomeToAppDataAndRemovesTheOldFolder() throws Exception {
        Path xdg = home.resolve("xdg");
        Path old = oldFolder(Files.createDirectories(xdg.resolve("portway")));
        Files.delete(old.resolve("app.lock"));
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", xdg.toString(),
                "APPDATA", home.resolve("AppData/Roaming").toString());
        Path now = home.resolve("AppData/Roaming/Portway");

        assertEquals("portway: moved your settings from " + old + " to " + now + "\n", run(Os.WINDOWS, env));

        assertEquals("tok-123", new SettingsStore(now.resolve("config.json")).load().token());
        assertEquals(PIN + "\n", Files.readString(now.resolve("known_servers")));
        assertEquals("rw-------", perms(now.resolve("known_servers")));
        assertFalse(Files.exists(old), "nothing was left in the old folder");
    }

    @Test
    void aRelativeXdgConfigHomeIsIgnoredAsTheOldCodeDid() throws Exception {
        oldFolder(Files.createDirectories(home.resolve(".config/portway")));
        assertTrue(run(Os.WINDOWS, Map.of("XDG_CONFIG_HOME", "xdg")).startsWith("portway: moved your settings"));
        assertTrue(Files.exists(home.resolve("AppData/Roaming/Portway/config.json")));
    }

    @Test
    void withSettingsInBothFoldersNothingMoves() throws Exception {
        Path old = oldFolder(Files.createDirectories(home.resolve(".config/portway")));
        Path now = Files.createDirectories(home.resolve("Library/Application Support/Portway"));
        Files.writeString(now.resolve("config.json"), "{}");

        assertEquals("", run(Os.MAC, Map.of()));

        assertEquals("{}", Files.readString(now.resolve("config.json")));
        assertFalse(Files.exists(now.resolve("known_servers")));
        assertEquals(PIN + "\n", Files.readString(old.resolve("known_servers")));
    }

    @Test
    void whatTheNewFolderAlreadyHasWinsAndTheOldCopyStays() throws Exception {
        Path old = oldFolder(Files.createDirectories(home.resolve(".config/portway")));
        Path now = Files.createDirectories(home.resolve("Library/Application Support/Portway"));
        Files.createDirectories(now.resolve("inspect-sets"));
        Files.writeString(now.resolve("inspect-sets/checkout.json"), "{\"new\":true}");

        assertTrue(run(Os.MAC, Map.of()).startsWith("portway: moved your settings"));

        assertEquals("{\"new\":true}", Files.readString(now.resolve("inspect-sets/checkout.json")));
        assertEquals("{}", Files.readString(old.resolve("inspect-sets/checkout.json")), "kept, not overwritten");
        assertEquals("tok-123", new SettingsStore(now.resolve("config.json")).load().token());
    }

    @Test
    void pinsInBothFoldersAreMergedTheNewOnesFirst() throws Exception {
        Path old = oldFolder(Files.createDirectories(home.resolve(".config/portway")));
        Path now = Files.createDirectories(home.resolve("Library/Application Support/Portway"));
        String newPin = "new.example.com:443 " + "cd".repeat(32);
        Files.writeString(now.resolve("known_servers"), newPin + "\n");

        assertTrue(run(Os.MAC, Map.of()).startsWith("portway: moved your settings"));

        assertEquals(newPin + "\n" + PIN + "\n", Files.readString(now.resolve("known_servers")));
        assertEquals("rw-------", perms(now.resolve("known_servers")));
        assertFalse(Files.exists(old.resolve("known_servers")), "all of it is in the new folder now");
    }

    @Test
    void aServerPinnedInBothKeepsTheNewPinAndTheOldFileStays() throws Exception {
        Path old = oldFolder(Files.createDirectories(home.resolve(".config/portway")));
        Path now = Files.createDirectories(home.resolve("AppData/Roaming/Portway"));
        String other = "other.example.com:7070 " + "ef".repeat(32);
        Files.writeString(old.resolve("known_servers"), PIN + "\n" + other + "\n");
        String repinned = "portway.example.com:443 " + "cd".repeat(32);
        Files.writeString(now.resolve("known_servers"), repinned + "\n");

        assertTrue(run(Os.WINDOWS, Map.of()).startsWith("portway: moved your settings"));

        assertEquals(repinned + "\n" + other + "\n", Files.readString(now.resolve("known_servers")));
        assertEquals(PIN + "\n" + other + "\n", Files.readString(old.resolve("known_servers")),
                "kept: it pins a server to another certificate");
    }

    @Test
    void linuxNeverMoves() throws Exception {
        Path old = oldFolder(Files.createDirectories(home.resolve(".config/portway")));
        List<Path> before = tree(home);

        assertEquals("", run(Os.LINUX, Map.of()));
        assertEquals("", run(Os.LINUX, Map.of("XDG_CONFIG_HOME", home.resolve("elsewhere").toString())));

        assertEquals(before, tree(home));
        assertTrue(Files.exists(old.resolve("config.json")));
    }

    @Test
    void aFailedMoveIsOneLineAndKeepsTheOldFiles() throws Exception {
        Path old = oldFolder(Files.createDirectories(home.resolve(".config/portway")));
        Path now = home.resolve("Library/Application Support/Portway");
        // A file where the new folder should be: it cannot be made (root here ignores permissions, so no chmod).
        Files.createDirectories(now.getParent());
        Files.writeString(now, "in the way");
        List<Path> before = tree(old);

        String said = run(Os.MAC, Map.of());

        assertEquals("portway: could not move your settings from " + old + " to " + now + " (something else is at "
                + now + "); they stay where they were\n", said);
        assertEquals(before, tree(old));
        assertEquals("tok-123", new SettingsStore(old.resolve("config.json")).load().token());
        assertEquals("in the way", Files.readString(now));
    }

    @Test
    void aFolderThatCannotBeRenamedAcrossFileSystemsIsCopiedThenRemoved() throws Exception {
        // Another file system stands in for another volume (a redirected %APPDATA%): no rename reaches it.
        try (FileSystem other = Jimfs.newFileSystem(Configuration.unix())) {
            Path old = Files.createDirectories(other.getPath("/Users/ann/.config/portway"));
            Files.writeString(old.resolve("config.json"), "{}");
            Files.createDirectories(old.resolve("inspect-sets/deep"));
            Files.writeString(old.resolve("inspect-sets/deep/checkout.har"), "har");
            Path now = home.resolve("Portway");

            SettingsMigration.move(old, now);

            assertEquals("har", Files.readString(now.resolve("inspect-sets/deep/checkout.har")));
            assertEquals("rw-------", perms(now.resolve("inspect-sets/deep/checkout.har")));
            assertEquals("rwx------", perms(now.resolve("inspect-sets/deep")));
            assertEquals("{}", Files.readString(now.resolve("config.json")));
            assertFalse(Files.exists(old), "the old folder is gone once all moved");
        }
    }

    private static List<Path> tree(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.sorted().toList();
        }
    }
}
