// A class's jar or class folder as a file path: a folder with a space in its name stays readable (no %20), and a JDK
// class has none.
package dev.portway.agent.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeLocationTest {
    /** Loaded again from a folder of its own; it needs nothing but Object. */
    static final class Probe {
    }

    @TempDir
    Path dir;

    @Test
    void aClassFolderWithASpaceIsItsFilePath() throws Exception {
        Path classes = dir.resolve("my classes");
        String name = Probe.class.getName().replace('.', '/') + ".class";
        Path file = classes.resolve(name);
        Files.createDirectories(file.getParent());
        try (InputStream in = Probe.class.getClassLoader().getResourceAsStream(name)) {
            Files.copy(in, file);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            Class<?> again = loader.loadClass(Probe.class.getName());
            assertEquals(Optional.of(classes), CodeLocation.of(again));
        }
    }

    @Test
    void aJdkClassHasNone() {
        assertEquals(Optional.empty(), CodeLocation.of(String.class));
    }
}
