// The java program Portway starts its own processes with, named as each system names it.
package dev.portway.agent.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JavaExecutableTest {
    private final Path home = Path.of("/jdk");

    @Test
    void windowsNamesItJavaExe() {
        assertEquals(home.resolve("bin").resolve("java.exe"), JavaExecutable.of(Os.WINDOWS, home));
    }

    @Test
    void linuxAndMacNameItJava() {
        assertEquals(home.resolve("bin").resolve("java"), JavaExecutable.of(Os.LINUX, home));
        assertEquals(home.resolve("bin").resolve("java"), JavaExecutable.of(Os.MAC, home));
    }

    @Test
    void theWindowlessOneIsJavawOnWindowsWrittenWithBackslashes() {
        assertEquals("C:\\Program Files\\Java\\bin\\javaw.exe",
                JavaExecutable.windowless(Os.WINDOWS, "C:\\Program Files\\Java"));
        assertEquals("/jdk/bin/java", JavaExecutable.windowless(Os.LINUX, "/jdk"));
        assertEquals("/jdk/bin/java", JavaExecutable.windowless(Os.MAC, "/jdk"));
    }

    @Test
    void thisJvmsExists() {
        assertTrue(Files.isExecutable(JavaExecutable.current()), JavaExecutable.current().toString());
    }
}
