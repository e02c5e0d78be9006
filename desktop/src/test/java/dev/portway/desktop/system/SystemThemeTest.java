// The system's light or dark preference, read the way each platform states it; no answer means light.
package dev.portway.desktop.system;

import dev.portway.agent.system.JavaExecutable;
import dev.portway.agent.system.Os;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystemThemeTest {
    final List<List<String>> asked = new ArrayList<>();

    /** Answers each command whose last word is a key; any other command cannot run. */
    SystemTheme.Commands answering(Map<String, String> answers) {
        return command -> {
            asked.add(command);
            return Optional.ofNullable(answers.get(command.get(command.size() - 1)));
        };
    }

    @Test
    void gnomeColorSchemeDecidesAndAnOlderDarkGtkThemeCountsToo() {
        assertTrue(new SystemTheme(Os.LINUX, answering(Map.of("color-scheme", "'prefer-dark'\n")))
                .prefersDark());
        assertEquals(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"), asked.get(0));
        assertFalse(new SystemTheme(Os.LINUX, answering(Map.of("color-scheme", "'prefer-light'\n",
                "gtk-theme", "'Adwaita-dark'\n"))).prefersDark());
        assertTrue(new SystemTheme(Os.LINUX, answering(Map.of("color-scheme", "'default'\n",
                "gtk-theme", "'Yaru-dark'\n"))).prefersDark());
        assertFalse(new SystemTheme(Os.LINUX, answering(Map.of("color-scheme", "'default'\n",
                "gtk-theme", "'Adwaita'\n"))).prefersDark());
        assertFalse(new SystemTheme(Os.LINUX, answering(Map.of())).prefersDark(), "no gsettings");
    }

    @Test
    void macReadsAppleInterfaceStyle() {
        assertTrue(new SystemTheme(Os.MAC, answering(Map.of("AppleInterfaceStyle", "Dark\n")))
                .prefersDark());
        assertEquals(List.of("defaults", "read", "-g", "AppleInterfaceStyle"), asked.get(0));
        assertFalse(new SystemTheme(Os.MAC, answering(Map.of("AppleInterfaceStyle", "Light\n"))).prefersDark());
        // In light mode the key does not exist and defaults fails.
        assertFalse(new SystemTheme(Os.MAC, answering(Map.of())).prefersDark());
    }

    @Test
    void windowsReadsAppsUseLightTheme() {
        String key = "\r\nHKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize\r\n"
                + "    AppsUseLightTheme    REG_DWORD    0x";
        assertTrue(new SystemTheme(Os.WINDOWS, answering(Map.of("AppsUseLightTheme", key + "0\r\n")))
                .prefersDark());
        assertEquals(List.of("reg", "query", "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                "/v", "AppsUseLightTheme"), asked.get(0));
        assertTrue(new SystemTheme(Os.WINDOWS, answering(Map.of("AppsUseLightTheme", key + "00000000\r\n")))
                .prefersDark());
        assertFalse(new SystemTheme(Os.WINDOWS, answering(Map.of("AppsUseLightTheme", key + "10\r\n")))
                .prefersDark(), "0x10 is not 0");
        assertFalse(new SystemTheme(Os.WINDOWS, answering(Map.of("AppsUseLightTheme",
                key + "1\r\n"))).prefersDark());
        assertFalse(new SystemTheme(Os.WINDOWS, answering(Map.of())).prefersDark());
    }

    /** Real processes: this JVM's own java, on every system (echo and false are no programs on Windows). */
    @Test
    void aProgramThatIsNotThereOrFailsIsNoAnswer() {
        assertEquals(Optional.empty(), SystemTheme.exec(List.of("/nonexistent/portway-no-such-program")));
        String java = JavaExecutable.current().toString();
        // java --version writes to standard output (java -version to standard error, which exec drops).
        Optional<String> version = SystemTheme.exec(List.of(java, "--version"));
        assertTrue(version.orElse("").contains(System.getProperty("java.version")), version::toString);
        assertEquals(Optional.empty(), SystemTheme.exec(List.of(java, "--portway-no-such-option")));
    }
}
