// Deleting a folder with what it holds, for the files Portway keeps per user (the settings' move, the app's unpacked
// libraries): one way, which takes no offence at entries another process removed meanwhile.
package dev.portway.agent.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

public final class FileTrees {
    private FileTrees() {
    }

    /** Deletes the folder (or file) and everything under it, deepest first; what is already gone is no error. */
    public static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException gone) {
            // Nothing left to delete.
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
        }
    }
}
