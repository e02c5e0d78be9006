// The login entry of each system (a fake home and a fake OS: only Linux runs here) lands where that system looks for
// it, runs exactly the app's command however odd its path, and comes out again.
package dev.portway.desktop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dd.plist.NSArray;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSNumber;
import com.dd.plist.NSObject;
import com.dd.plist.PropertyListParser;
import dev.portway.agent.system.Os;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
    void linuxFollowsXdgConfigHomeButNotARelativeOne() {
        // Absolute on the system that runs the test (a "/x" path is not on Windows, where this test runs too).
        Path config = home.resolve("x/cfg");
        assertEquals(config.resolve("autostart/portway.desktop"),
                new Autostart(Os.LINUX, home, Map.of("XDG_CONFIG_HOME", config.toString()), command).file());
        assertEquals(home.resolve(".config/autostart/portway.desktop"),
                new Autostart(Os.LINUX, home, Map.of("XDG_CONFIG_HOME", "x/cfg"), command).file());
    }

    @Test
    void quotesExecArgumentsAsTheSpecAsks() {
        assertEquals("plain/path", Autostart.desktopQuote("plain/path"));
        assertEquals("\"a \\\"b\\\" \\$c\"", Autostart.desktopQuote("a \"b\" $c"));
    }

    @Test
    void macWritesALaunchAgentThatAPlistParserReadsBack() throws Exception {
        List<String> odd = List.of("/Applications/R&D <tools>/Portway.app/Contents/MacOS/Portway", "app",
                "--minimized");
        Autostart a = new Autostart(Os.MAC, home, Map.of("XDG_CONFIG_HOME", "/x/cfg"), odd);
        assertEquals(home.resolve("Library/LaunchAgents/dev.portway.app.plist"), a.file());
        a.install();
        NSDictionary plist = (NSDictionary) PropertyListParser.parse(Files.readAllBytes(a.file()));
        assertEquals("dev.portway.app", plist.get("Label").toJavaObject());
        assertEquals(odd, Arrays.stream(((NSArray) plist.get("ProgramArguments")).getArray())
                .map(NSObject::toJavaObject).toList());
        assertTrue(((NSNumber) plist.get("RunAtLoad")).boolValue());
        assertEquals("Aqua", plist.get("LimitLoadToSessionType").toJavaObject());
        assertEquals("Interactive", plist.get("ProcessType").toJavaObject());
        assertEquals(5, plist.count(), plist.toXMLPropertyList());
        a.remove();
        assertFalse(a.isInstalled());
    }

    @Test
    void macEntryGivesACheckoutTheJdkTheAppRunsOn() throws Exception {
        String jdk = "/opt/homebrew/Cellar/openjdk@21/21.0.5/libexec/openjdk.jdk/Contents/Home";
        List<String> checkout = List.of("/Users/ann/src/R&D/portway/portway", "app", "--minimized");
        Autostart a = new Autostart(Os.MAC, home, Map.of(), checkout, jdk);
        a.install();
        NSDictionary plist = (NSDictionary) PropertyListParser.parse(Files.readAllBytes(a.file()));
        assertEquals(checkout, Arrays.stream(((NSArray) plist.get("ProgramArguments")).getArray())
                .map(NSObject::toJavaObject).toList());
        NSDictionary env = (NSDictionary) plist.get("EnvironmentVariables");
        assertEquals(Map.of("JAVA_HOME", jdk, "PATH", jdk + "/bin:/usr/bin:/bin:/usr/sbin:/sbin"), env.toJavaObject());
        assertEquals(6, plist.count(), plist.toXMLPropertyList());
    }

    @Test
    void theJdkIsThisJvmsUnlessTheAppIsInstalled() {
        Map<String, String> checkout = Map.of("java.home", "/jdk", "portway.launcher", "/src/portway/portway");
        assertEquals("/jdk", Autostart.loginJavaHome(checkout::get));
        Map<String, String> jar = Map.of("java.home", "/jdk");
        assertEquals("/jdk", Autostart.loginJavaHome(jar::get));
        Map<String, String> installed = Map.of("java.home", "/Applications/Portway.app/Contents/runtime/Contents/Home",
                "jpackage.app-path", "/Applications/Portway.app/Contents/MacOS/Portway");
        assertEquals(null, Autostart.loginJavaHome(installed::get));
    }

    @Test
    void linuxAndWindowsEntriesIgnoreTheJdk() {
        Map<String, String> env = Map.of("APPDATA", home.toString());
        for (Os os : List.of(Os.LINUX, Os.WINDOWS)) {
            assertEquals(new Autostart(os, home, env, command).content(),
                    new Autostart(os, home, env, command, "/jdk").content(), os.toString());
        }
    }

    @Test
    void windowsWritesAStartupScriptUnderAppData() throws Exception {
        Path appData = home.resolve("AppData Roaming");
        List<String> odd = List.of("C:\\Program Files\\R&D ^x\\100% Portway\\Portway.exe", "app", "--minimized");
        Autostart a = new Autostart(Os.WINDOWS, home, Map.of("APPDATA", appData.toString()), odd);
        assertEquals(appData.resolve("Microsoft/Windows/Start Menu/Programs/Startup/Portway.cmd"), a.file());
        a.install();
        assertEquals("@echo off\r\nchcp 65001 >nul\r\n"
                        + "start \"\" \"C:\\Program Files\\R&D ^x\\100%% Portway\\Portway.exe\" \"app\" "
                        + "\"--minimized\"\r\n",
                Files.readString(a.file(), StandardCharsets.UTF_8));
        a.remove();
        assertFalse(a.isInstalled());
    }

    @Test
    void windowsWithoutAppDataUsesTheProfileDefault() {
        assertEquals(home.resolve("AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/Portway.cmd"),
                new Autostart(Os.WINDOWS, home, Map.of(), command).file());
    }

    @Test
    void windowsQuotingKeepsTrailingBackslashesAndRefusesQuotes() {
        assertEquals("\"C:\\dir\\\\\"", Autostart.cmdQuote("C:\\dir\\"));
        assertEquals("\"%%APPDATA%%\"", Autostart.cmdQuote("%APPDATA%"));
        assertThrows(IllegalArgumentException.class, () -> Autostart.cmdQuote("a\"b"));
        assertThrows(IllegalArgumentException.class, () -> Autostart.cmdQuote("a\r\nb"));
    }
}
