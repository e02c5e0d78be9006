// Before JavaFX fails with "Unable to load glass GTK library", the app says which package to install.
package dev.portway.desktop.system;

import dev.portway.agent.system.Os;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GtkRuntimeTest {
    static final String LDCONFIG_WITH_GTK = "1234 libs found in cache `/etc/ld.so.cache'\n"
            + "\tlibgtk-3.so.0 (libc6,x86-64) => /opt/odd/lib/libgtk-3.so.0\n";
    static final String LDCONFIG_WITHOUT = "1234 libs found in cache `/etc/ld.so.cache'\n"
            + "\tlibgtk-4.so.1 (libc6,x86-64) => /usr/lib/libgtk-4.so.1\n";

    static GtkRuntime linux(Set<Path> files, Map<String, String> env, String ldconfig) {
        return new GtkRuntime(Os.LINUX, env, files::contains,
                command -> command.get(0).equals("ldconfig") ? Optional.ofNullable(ldconfig) : Optional.empty());
    }

    @Test
    void missingEverywhereNamesThePackages() {
        String why = linux(Set.of(), Map.of(), LDCONFIG_WITHOUT).whyMissing();
        assertEquals("the app needs the GTK 3 runtime: install libgtk-3-0 (Debian/Ubuntu) or gtk3 (Fedora)", why);
        assertEquals(why, linux(Set.of(), Map.of(), null).whyMissing(), "no ldconfig and nothing in the usual places");
    }

    @Test
    void foundInAUsualFolderTheLibraryPathOrTheLinkerCache() {
        assertNull(linux(Set.of(Path.of("/usr/lib/x86_64-linux-gnu/libgtk-3.so.0")), Map.of(), null).whyMissing());
        assertNull(linux(Set.of(Path.of("/usr/lib64/libgtk-3.so.0")), Map.of(), null).whyMissing());
        assertNull(linux(Set.of(Path.of("/nix/gtk/lib/libgtk-3.so.0")), Map.of("LD_LIBRARY_PATH", "/a:/nix/gtk/lib"),
                null).whyMissing());
        assertNull(linux(Set.of(), Map.of(), LDCONFIG_WITH_GTK).whyMissing());
    }

    @Test
    void otherPlatformsBringTheirOwnToolkit() {
        GtkRuntime mac = new GtkRuntime(Os.MAC, Map.of(), p -> false, c -> Optional.empty());
        assertNull(mac.whyMissing());
        GtkRuntime windows = new GtkRuntime(Os.WINDOWS, Map.of(), p -> false, c -> Optional.empty());
        assertNull(windows.whyMissing());
    }

    @Test
    void theRealLookupFindsWhatTheLinkerKnows() {
        boolean known = SystemTheme.exec(List.of("ldconfig", "-p")).map(s -> s.contains("libgtk-3.so.0 "))
                .orElse(false);
        assumeTrue(known, "this machine has no GTK 3");
        assertNull(GtkRuntime.current(Map.of()).whyMissing());
    }
}
