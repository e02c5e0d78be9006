// Where a connect keeps the inspector's saved sets: in systemd's state directory when the service has one (the only
// writable place under DynamicUser and ProtectSystem=strict), else beside the settings file.
package dev.portway.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portway.agent.system.AppDirs;
import dev.portway.agent.system.Os;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectSetsDirTest {
    private static final Path SETTINGS = Path.of("/home/ann/.config/portway/config.json");

    @Test
    void besideTheSettingsWithoutAStateDirectory() {
        assertEquals(Path.of("/home/ann/.config/portway/inspect-sets"), InspectOptions.setsDir(Map.of(), SETTINGS));
        assertEquals(Path.of("/home/ann/.config/portway/inspect-sets"),
                InspectOptions.setsDir(Map.of("STATE_DIRECTORY", " "), SETTINGS));
    }

    @Test
    void inEachSystemsSettingsFolder() {
        Path home = Path.of("/fake/home/ann");
        assertEquals(home.resolve("Library/Application Support/Portway/inspect-sets"),
                InspectOptions.setsDir(Map.of(), AppDirs.of(Os.MAC, home, Map.of()).settingsFile()));
        assertEquals(Path.of("/fake/Roaming/Portway/inspect-sets"), InspectOptions.setsDir(Map.of(),
                AppDirs.of(Os.WINDOWS, home, Map.of("APPDATA", "/fake/Roaming")).settingsFile()));
    }

    @Test
    void inTheServicesStateDirectoryWhenSystemdGivesOne() {
        assertEquals(Path.of("/var/lib/portway-agent/inspect-sets"),
                InspectOptions.setsDir(Map.of("STATE_DIRECTORY", "/var/lib/portway-agent"), SETTINGS));
        assertEquals(Path.of("/var/lib/portway-agent/inspect-sets"), InspectOptions.setsDir(
                Map.of("STATE_DIRECTORY", "/var/lib/portway-agent:/var/lib/other"), SETTINGS), "the first of several");
    }
}
