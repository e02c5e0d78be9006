// Saved files (the HAR export) start in Downloads when the person has one, else in their home folder.
package dev.portway.desktop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveFolderTest {
    @TempDir
    Path home;

    @Test
    void downloadsWhenThereIsOneElseHome() throws Exception {
        assertEquals(home, SaveFolder.of(home));
        Files.writeString(home.resolve("Downloads"), "a file, not a folder");
        assertEquals(home, SaveFolder.of(home));
        Files.delete(home.resolve("Downloads"));
        Files.createDirectory(home.resolve("Downloads"));
        assertEquals(home.resolve("Downloads"), SaveFolder.of(home));
    }
}
