// The app's .deb installed for real, with dpkg and with "apt install ./….deb", on a system shaped like a minimal Debian
// (no /usr/share/desktop-directories, where xdg-desktop-menu refused to install the menu entry and left the package
// half-configured): it installs, "portway" runs from the PATH, and removing it leaves nothing behind.
package dev.portway.installers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.installers.Dpkg.Result;
import dev.portway.protocol.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("process")
class DebInstallTest {
    private static final Path PACKAGES = Path.of(System.getProperty("portway.packages", "target/jpackage"));
    private static final String PACKAGE = "portway";
    private static final Path MENU_DIRECTORIES = Path.of("/usr/share/desktop-directories");
    private static final Path MENU_DIRECTORIES_ASIDE = Path.of("/usr/share/desktop-directories.portway-test");
    private static final Path COMMAND = Path.of("/usr/bin/portway");
    private static final Path ENTRY = Path.of("/usr/share/applications/portway.desktop");
    private static final Path ICON = Path.of("/usr/share/icons/hicolor/256x256/apps/portway.png");

    private static boolean movedAside;
    /** What apt installed besides the app (dependencies from the mirror), removed again after the tests. */
    private static final Set<String> pulledIn = new TreeSet<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void minimalDebian() throws Exception {
        Dpkg.assumeRoot();
        // An earlier run that stopped half-way must not decide this one.
        Dpkg.purge(PACKAGE);
        if (Files.exists(MENU_DIRECTORIES)) {
            Files.move(MENU_DIRECTORIES, MENU_DIRECTORIES_ASIDE);
            movedAside = true;
        }
    }

    /** Each way of installing starts from a machine without the app, whatever the other left. */
    @BeforeEach
    void notInstalled() throws Exception {
        Dpkg.purge(PACKAGE);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            Dpkg.purge(PACKAGE);
            if (!pulledIn.isEmpty()) {
                List<String> purge = new ArrayList<>(List.of("purge", "-y"));
                purge.addAll(pulledIn);
                Result r = Dpkg.aptGet(purge.toArray(String[]::new));
                assertEquals(0, r.code(), "removing what apt pulled in: " + r);
            }
        } finally {
            if (movedAside) {
                Files.move(MENU_DIRECTORIES_ASIDE, MENU_DIRECTORIES);
            }
        }
    }

    private static Path deb() throws Exception {
        try (Stream<Path> files = Files.list(PACKAGES)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().matches("portway_.*\\.deb")).toList();
            assertEquals(1, debs.size(), "one .deb built by jpackage in " + PACKAGES + ": " + debs);
            return debs.get(0);
        }
    }

    @Test
    void installsWithDpkgWithoutAMenuDirectoryAndRemovesCleanly() throws Exception {
        assertFalse(Files.exists(MENU_DIRECTORIES), "the minimal-Debian case: no " + MENU_DIRECTORIES);
        Result installed = Dpkg.dpkg("-i", deb().toString());
        assertEquals(0, installed.code(), installed.toString());
        assertInstalledAndRuns();

        Result removed = Dpkg.dpkg("-r", PACKAGE);
        assertEquals(0, removed.code(), removed.toString());
        assertRemovedThenPurged();
    }

    @Test
    void installsWithAptFromTheFileAndRemovesCleanly() throws Exception {
        assertFalse(Files.exists(MENU_DIRECTORIES), "the minimal-Debian case: no " + MENU_DIRECTORIES);
        Set<String> before = Dpkg.known();
        // "apt install ./portway_….deb": a path, not a name, so apt takes the file and resolves what it depends on.
        Result installed = Dpkg.aptGet("install", "-y", deb().toAbsolutePath().toString());
        Set<String> after = Dpkg.known();
        after.removeAll(before);
        after.remove(PACKAGE);
        pulledIn.addAll(after);
        assertEquals(0, installed.code(), installed.toString());
        assertInstalledAndRuns();

        Result removed = Dpkg.aptGet("remove", "-y", PACKAGE);
        assertEquals(0, removed.code(), removed.toString());
        assertRemovedThenPurged();
    }

    private void assertInstalledAndRuns() throws Exception {
        assertEquals("install ok installed", Dpkg.status(PACKAGE));
        assertEquals(Path.of("/opt/portway/bin/portway"), Files.readSymbolicLink(COMMAND));
        Result version = Dpkg.run(List.of("portway", "--version"),
                Map.of("XDG_CONFIG_HOME", dir.resolve("config").toString()));
        assertEquals(0, version.code(), version.toString());
        assertEquals("Portway " + Version.PRODUCT, version.out().strip());

        List<String> entry = Files.readAllLines(ENTRY);
        assertTrue(entry.contains("Exec=/opt/portway/bin/portway app"), entry.toString());
        assertTrue(entry.contains("Icon=portway"), "the icon by its theme name: " + entry);
        byte[] png = Files.readAllBytes(ICON);
        assertEquals("\u0089PNG", new String(png, 0, 4, StandardCharsets.ISO_8859_1), "the icon is a PNG");
    }

    private static void assertRemovedThenPurged() throws Exception {
        // Only jpackage's postrm stays for a purge; nothing is left on disk.
        assertEquals("deinstall ok config-files", Dpkg.status(PACKAGE));
        for (Path gone : List.of(COMMAND, ENTRY, ICON, Path.of("/opt/portway"))) {
            assertFalse(Files.exists(gone, LinkOption.NOFOLLOW_LINKS), gone + " is left behind");
        }
        Result purged = Dpkg.dpkg("-P", PACKAGE);
        assertEquals(0, purged.code(), purged.toString());
        assertEquals("", Dpkg.status(PACKAGE));
    }
}
