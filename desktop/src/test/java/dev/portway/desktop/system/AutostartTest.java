// The login entry lands where each platform looks for it, says what to run, and comes out again.
package dev.portway.desktop.system;

import dev.portway.agent.system.Os;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutostartTest {
    @TempDir
    Path home;
    final List<String> command = List.of("/opt/my apps/portway", "app", "--minimized");

    @Test
    void linuxWritesAnXdgDesktopEntry() throws Exception {
        Autostart a = new Autostart(Os.LINUX, home, Map.of(), command);
        assertEquals(home.resolve(".config/autostart/portway.desktop"), a.file());
        assertFalse(a.isInstalled());
        a.install();
        assertTrue(a.isInstalled());
        String text = Files.readString(a.file());
        assertTrue(text.startsWith("[Desktop Entry]\n"), text);
        assertTrue(text.contains("\nType=Application\n"), text);
        assertTrue(text.contains("\nExec=\"/opt/my apps/portway\" app --minimized\n"), text);
        a.remove();
        assertFalse(a.isInstalled());
    }

    @Test
    void linuxFollowsXdgConfigHome() {
        Autostart a = new Autostart(Os.LINUX, home, Map.of("XDG_CONFIG_HOME", "/x/cfg"), command);
        assertEquals(Path.of("/x/cfg/autostart/portway.desktop"), a.file());
    }

    @Test
    void macWritesALaunchAgent() throws Exception {
        Autostart a = new Autostart(Os.MAC, home, Map.of(), command);
        a.install();
        assertEquals(home.resolve("Library/LaunchAgents/dev.portway.app.plist"), a.file());
        String text = Files.readString(a.file());
        assertTrue(text.contains("<key>RunAtLoad</key><true/>"), text);
        assertTrue(text.contains("<string>/opt/my apps/portway</string>\n    <string>app</string>\n"
                + "    <string>--minimized</string>"), text);
    }

    @Test
    void windowsWritesAStartupScript() throws Exception {
        Autostart a = new Autostart(Os.WINDOWS, home, Map.of("APPDATA", home.resolve("roaming")
                .toString()), command);
        a.install();
        assertEquals(home.resolve("roaming/Microsoft/Windows/Start Menu/Programs/Startup/Portway.cmd"), a.file());
        assertTrue(Files.readString(a.file()).contains("start \"\" \"/opt/my apps/portway\" \"app\" \"--minimized\""));
    }

    @Test
    void quotesExecArgumentsAsTheSpecAsks() {
        assertEquals("plain/path", Autostart.desktopQuote("plain/path"));
        assertEquals("\"a \\\"b\\\" \\$c\"", Autostart.desktopQuote("a \"b\" $c"));
    }
}
