// Each system's folders for settings and cache, from a fake home and a fake environment (the real ones are this
// machine's, and only Linux runs here).
package dev.portway.agent.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.SettingsStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppDirsTest {
    final Path home = Path.of("/fake/home/ann");

    @Test
    void linuxDefaultsToDotConfigAndDotCache() {
        AppDirs dirs = AppDirs.of(Os.LINUX, home, Map.of());
        assertEquals(home.resolve(".config/portway"), dirs.config());
        assertEquals(home.resolve(".cache/portway"), dirs.cache());
        assertEquals(home.resolve(".config/portway/config.json"), dirs.settingsFile());
    }

    @Test
    void linuxFollowsXdgVariables() {
        // Absolute on the system that runs the test: /x is C:\x on Windows, where this test runs too.
        Path x = Path.of("/x").toAbsolutePath();
        AppDirs dirs = AppDirs.of(Os.LINUX, home, Map.of("XDG_CONFIG_HOME", x.resolve("cfg").toString(),
                "XDG_CACHE_HOME", x.resolve("cache").toString()));
        assertEquals(x.resolve("cfg/portway"), dirs.config());
        assertEquals(x.resolve("cache/portway"), dirs.cache());
    }

    @Test
    void linuxIgnoresRelativeAndBlankXdgVariables() {
        AppDirs dirs = AppDirs.of(Os.LINUX, home, Map.of("XDG_CONFIG_HOME", "cfg", "XDG_CACHE_HOME", " "));
        assertEquals(home.resolve(".config/portway"), dirs.config());
        assertEquals(home.resolve(".cache/portway"), dirs.cache());
    }

    @Test
    void macUsesLibraryAndIgnoresXdg() {
        AppDirs dirs = AppDirs.of(Os.MAC, home, Map.of("XDG_CONFIG_HOME", "/x/cfg", "XDG_CACHE_HOME", "/x/cache"));
        assertEquals(home.resolve("Library/Application Support/Portway"), dirs.config());
        assertEquals(home.resolve("Library/Caches/Portway"), dirs.cache());
    }

    @Test
    void windowsUsesAppDataAndLocalAppData() {
        // Path here is the Linux one, so a Windows-looking value is one name; the resolution is the same.
        AppDirs dirs = AppDirs.of(Os.WINDOWS, home, Map.of("APPDATA", "/fake/Roaming", "LOCALAPPDATA", "/fake/Local"));
        assertEquals(Path.of("/fake/Roaming/Portway"), dirs.config());
        assertEquals(Path.of("/fake/Local/Portway/Cache"), dirs.cache());
        assertEquals(Path.of("/fake/Roaming/Portway/config.json"), dirs.settingsFile());
    }

    @Test
    void windowsWithoutThoseVariablesUsesTheProfileDefaults() {
        AppDirs dirs = AppDirs.of(Os.WINDOWS, home, Map.of("APPDATA", ""));
        assertEquals(home.resolve("AppData/Roaming/Portway"), dirs.config());
        assertEquals(home.resolve("AppData/Local/Portway/Cache"), dirs.cache());
    }

    @Test
    void theTrustedCertificatesLiveInEachSystemsSettingsFolder() {
        Map<String, String> env = Map.of("APPDATA", "/fake/Roaming");
        for (Os os : Os.values()) {
            AppDirs dirs = AppDirs.of(os, home, env);
            assertEquals(dirs.config().resolve("known_servers"),
                    new SettingsStore(dirs.settingsFile()).knownServers().file(), os.name());
        }
    }

    @Test
    void osFromName() {
        assertEquals(Os.MAC, Os.fromName("Mac OS X"));
        assertEquals(Os.WINDOWS, Os.fromName("Windows 11"));
        assertEquals(Os.WINDOWS, Os.fromName("Windows Server 2022"));
        assertEquals(Os.LINUX, Os.fromName("Linux"));
        assertEquals(Os.LINUX, Os.fromName("FreeBSD"));
    }
}
