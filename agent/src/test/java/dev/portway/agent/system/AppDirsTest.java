// Each system's folders for settings and cache, from a fake home and a fake environment (the real ones are this
// machine's, and only Linux runs here).
package dev.portway.agent.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.engine.SettingsStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AppDirsTest {
    static final Path HOME = Path.of("/fake/home/ann");
    /** Absolute on the system that runs the test, as XDG asks: /x is C:\x on Windows, where this test runs too. */
    static final Path X = Path.of("/x").toAbsolutePath();

    static Stream<Arguments> systems() {
        // Path here is the Linux one, so a Windows-looking value would be one name; the resolution is the same.
        return Stream.of(
                Arguments.of("Linux defaults to ~/.config and ~/.cache", Os.LINUX, Map.of(),
                        HOME.resolve(".config/portway"), HOME.resolve(".cache/portway")),
                Arguments.of("Linux follows the XDG variables", Os.LINUX,
                        Map.of("XDG_CONFIG_HOME", X.resolve("cfg").toString(), "XDG_CACHE_HOME",
                                X.resolve("cache").toString()),
                        X.resolve("cfg/portway"), X.resolve("cache/portway")),
                Arguments.of("Linux ignores relative and blank XDG variables", Os.LINUX,
                        Map.of("XDG_CONFIG_HOME", "cfg", "XDG_CACHE_HOME", " "),
                        HOME.resolve(".config/portway"), HOME.resolve(".cache/portway")),
                Arguments.of("macOS uses ~/Library and ignores XDG", Os.MAC,
                        Map.of("XDG_CONFIG_HOME", "/x/cfg", "XDG_CACHE_HOME", "/x/cache"),
                        HOME.resolve("Library/Application Support/Portway"), HOME.resolve("Library/Caches/Portway")),
                Arguments.of("Windows uses APPDATA and LOCALAPPDATA", Os.WINDOWS,
                        Map.of("APPDATA", "/fake/Roaming", "LOCALAPPDATA", "/fake/Local"),
                        Path.of("/fake/Roaming/Portway"), Path.of("/fake/Local/Portway/Cache")),
                Arguments.of("Windows without those variables uses the profile's defaults", Os.WINDOWS,
                        Map.of("APPDATA", ""),
                        HOME.resolve("AppData/Roaming/Portway"), HOME.resolve("AppData/Local/Portway/Cache")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("systems")
    void eachSystemsFolders(String why, Os os, Map<String, String> env, Path config, Path cache) {
        AppDirs dirs = AppDirs.of(os, HOME, env);
        assertEquals(config, dirs.config());
        assertEquals(cache, dirs.cache());
        assertEquals(config.resolve("config.json"), dirs.settingsFile());
    }

    @Test
    void theTrustedCertificatesLiveInEachSystemsSettingsFolder() {
        Map<String, String> env = Map.of("APPDATA", "/fake/Roaming");
        for (Os os : Os.values()) {
            AppDirs dirs = AppDirs.of(os, HOME, env);
            assertEquals(dirs.config().resolve("known_servers"),
                    new SettingsStore(dirs.settingsFile()).knownServers().file(), os.name());
        }
    }

    @Test
    void homeIsHomeOnUnixAndTheProfileOnWindows() {
        String userHome = "/etc/passwd/home";
        Map<String, String> env = Map.of("HOME", X.resolve("elsewhere").toString());
        // $HOME wins on Linux and macOS, as for every Unix program (Java's user.home is the password database's).
        assertEquals(X.resolve("elsewhere"), AppDirs.home(Os.LINUX, env, userHome));
        assertEquals(X.resolve("elsewhere"), AppDirs.home(Os.MAC, env, userHome));
        assertEquals(Path.of(userHome), AppDirs.home(Os.WINDOWS, env, userHome));
        // Unset, blank or relative: user.home.
        assertEquals(Path.of(userHome), AppDirs.home(Os.LINUX, Map.of(), userHome));
        assertEquals(Path.of(userHome), AppDirs.home(Os.LINUX, Map.of("HOME", " "), userHome));
        assertEquals(Path.of(userHome), AppDirs.home(Os.LINUX, Map.of("HOME", "rel"), userHome));
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
