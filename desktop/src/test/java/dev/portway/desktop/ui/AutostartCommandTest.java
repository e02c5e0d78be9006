// "Connect at login" runs what started the app: the installed launcher, else the checkout's script, else this jar.
package dev.portway.desktop.ui;

import dev.portway.agent.system.Os;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portway.desktop.system.Autostart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutostartCommandTest {
    @TempDir
    Path home;

    @Test
    void anInstalledAppLogsInThroughItsLauncherNotTheCheckoutOrTheJar() throws Exception {
        // jpackage's launcher sets jpackage.app-path; a checkout's script sets portway.launcher.
        Map<String, String> props = Map.of("jpackage.app-path", "/opt/portway/bin/portway",
                "portway.launcher", "/home/me/src/portway/portway", "java.home", "/opt/portway/lib/runtime");
        List<String> command = DesktopApp.autostartCommand(props::get);
        assertEquals(List.of("/opt/portway/bin/portway", "app", "--minimized"), command);

        Autostart entry = new Autostart(Os.LINUX, home, Map.of(), command);
        entry.install();
        assertTrue(Files.readString(entry.file()).contains("\nExec=/opt/portway/bin/portway app --minimized\n"),
                Files.readString(entry.file()));
    }

    @Test
    void aCheckoutLogsInThroughItsLauncherScript() {
        Map<String, String> props = Map.of("portway.launcher", "/home/me/src/portway/portway", "java.home", "/jdk");
        assertEquals(List.of("/home/me/src/portway/portway", "app", "--minimized"),
                DesktopApp.autostartCommand(props::get));
    }

    @Test
    void aBareJarLogsInThroughThisJavaAndThisJar() {
        List<String> command = DesktopApp.autostartCommand(Map.of("java.home", "/jdk")::get);
        String jar = DesktopApp.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertEquals(List.of(Path.of("/jdk", "bin", "java").toString(), "-jar", jar, "app", "--minimized"), command);
    }
}
