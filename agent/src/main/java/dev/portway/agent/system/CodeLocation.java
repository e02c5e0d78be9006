// Where a class was loaded from, as a file path: what "run this program again" needs (the agent's service unit, the
// app's login entry, the app's bundled JavaFX libraries), in one place.
package dev.portway.agent.system;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;

public final class CodeLocation {
    private CodeLocation() {
    }

    /**
     * The jar or class folder the class came from, as the file system names it (no URL escapes such as %20, no /C:
     * on Windows); empty where it came from no file (a JDK class, a URL that is not a file's).
     */
    public static Optional<Path> of(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }
}
