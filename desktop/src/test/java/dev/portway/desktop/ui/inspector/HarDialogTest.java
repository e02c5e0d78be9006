// Export HAR… opens its file dialog in Downloads (else home), not in whatever folder the app was started from.
package dev.portway.desktop.ui.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.desktop.system.SaveFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarDialogTest {
    @TempDir
    Path home;

    @Test
    void theDialogOpensInDownloadsElseHome() throws Exception {
        assertEquals(home.toFile(), TrafficPane.harDialog(SaveFolder.of(home)).getInitialDirectory());
        Files.createDirectory(home.resolve("Downloads"));
        var chooser = TrafficPane.harDialog(SaveFolder.of(home));
        assertEquals(home.resolve("Downloads").toFile(), chooser.getInitialDirectory());
        assertEquals("portway.har", chooser.getInitialFileName());
    }
}
