// Saved sets' names as the file systems of macOS and Windows take them: names that differ only in case are one file
// there, and Windows' device names (CON, NUL, COM1...) are no files at all.
package dev.portway.agent.engine.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.portway.agent.system.Os;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedSetsFileNamesTest {
    @TempDir
    Path dir;

    @Test
    void onAFileSystemThatIgnoresCaseANameThatDiffersOnlyInCaseDoesNotReplaceTheOtherSet() throws Exception {
        try (FileSystem mac = Jimfs.newFileSystem(Configuration.osX())) {
            SavedSets sets = new SavedSets(mac.getPath("/Users/me/Library/Application Support/Portway/inspect-sets"),
                    Os.MAC);
            sets.save("Login", List.of(SavedSetsTest.exchange("/login", "one")));

            SavedSets.Refused r = assertThrows(SavedSets.Refused.class,
                    () -> sets.save("login", List.of(SavedSetsTest.exchange("/other", "two"))));
            assertEquals("bad_name", r.code());
            assertTrue(r.getMessage().contains("\"Login\""), r.getMessage());
            assertEquals(List.of("/login"), sets.read("Login").orElseThrow().exchanges().stream()
                    .map(e -> e.target()).toList());
            // Saving again under its own name still replaces it.
            sets.save("Login", List.of(SavedSetsTest.exchange("/again", "three")));
            assertEquals(List.of("Login"), sets.list().stream().map(SavedSets.Info::name).toList());
        }
    }

    @Test
    void whereCaseTellsFilesApartBothNamesAreSets() throws Exception {
        // In memory: the real disks of macOS and Windows, where this test runs too, ignore case.
        try (FileSystem linux = Jimfs.newFileSystem(Configuration.unix())) {
            SavedSets sets = new SavedSets(linux.getPath("/home/me/.config/portway/inspect-sets"), Os.LINUX);
            sets.save("Login", List.of(SavedSetsTest.exchange("/a", "one")));
            sets.save("login", List.of(SavedSetsTest.exchange("/b", "two")));
            sets.save("login", List.of(SavedSetsTest.exchange("/c", "three")));
            assertEquals(List.of("Login", "login"), sets.list().stream().map(SavedSets.Info::name).toList());
        }
    }

    @Test
    void windowsDeviceNamesAreRefusedThereOnly() throws Exception {
        SavedSets windows = new SavedSets(dir, Os.WINDOWS);
        for (String device : List.of("con", "NUL", "Aux", "prn", "com1", "LPT9", "nul.backup", "COM0", "lpt0.log")) {
            SavedSets.Refused r = assertThrows(SavedSets.Refused.class,
                    () -> windows.save(device, List.of(SavedSetsTest.exchange("/a", "one"))), device);
            assertEquals("bad_name", r.code());
            assertTrue(r.getMessage().contains("device on Windows"), r.getMessage());
            assertThrows(SavedSets.Refused.class, () -> windows.read(device), device);
        }
        for (String superscript : List.of("COM\u00b9", "lpt\u00b2", "com\u00b3.txt")) {
            assertEquals("bad_name", assertThrows(SavedSets.Refused.class,
                    () -> windows.save(superscript, List.of(SavedSetsTest.exchange("/a", "one"))), superscript).code());
        }
        windows.save("console", List.of(SavedSetsTest.exchange("/a", "one")));
        windows.save("com10", List.of(SavedSetsTest.exchange("/a", "one")));

        // In memory: on a real Windows disk con.har may still be the console device.
        try (FileSystem linux = Jimfs.newFileSystem(Configuration.unix())) {
            SavedSets sets = new SavedSets(linux.getPath("/home/me/.config/portway/inspect-sets"), Os.LINUX);
            sets.save("con", List.of(SavedSetsTest.exchange("/a", "one")));
            assertTrue(sets.read("con").isPresent());
        }
    }
}
